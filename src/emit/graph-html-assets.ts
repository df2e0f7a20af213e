/**
 * The viewer's stylesheet and script, inlined into the page by graph-html.ts.
 *
 * Kept as string constants (not separate files) so they ship inside `dist/`
 * with no copy step. The script is plain ES2017 for the browser: it must not
 * contain backticks or `${` (this file wraps it in String.raw), and it must
 * put note-derived text into the DOM with `textContent` only — never
 * `innerHTML`, `insertAdjacentHTML`, `document.write` or attribute strings
 * that are parsed as HTML.
 */

export const VIEWER_CSS = `
* { box-sizing: border-box; }
html, body { margin: 0; height: 100%; font: 14px/1.4 system-ui, -apple-system, "Segoe UI", "DejaVu Sans", sans-serif; color: #1d1d1f; background: #fafafa; }
body { display: grid; grid-template-rows: auto 1fr; grid-template-columns: 1fr auto; height: 100vh; }
#bar { grid-column: 1 / 3; display: flex; flex-wrap: wrap; align-items: center; gap: 8px 14px; padding: 8px 14px; background: #fff; border-bottom: 1px solid #ddd; }
#bar h1 { font-size: 16px; margin: 0; font-weight: 600; }
#search { width: 260px; padding: 5px 8px; border: 1px solid #bbb; border-radius: 6px; font: inherit; }
#search-count, #counts { color: #666; font-size: 12px; }
#legend { list-style: none; display: flex; flex-wrap: wrap; gap: 4px 10px; margin: 0; padding: 0; font-size: 12px; }
#legend li { display: flex; align-items: center; gap: 4px; }
#legend .swatch { width: 10px; height: 10px; border-radius: 50%; display: inline-block; }
#legend .swatch.missing { background: #fff; border: 2px dashed #d62728; }
#cy { grid-column: 1; min-height: 0; min-width: 0; position: relative; }
#panel { grid-column: 2; width: 340px; overflow: auto; padding: 12px 16px; background: #fff; border-left: 1px solid #ddd; position: relative; }
#panel[hidden] { display: none; }
#panel h2 { font-size: 17px; margin: 0 24px 4px 0; overflow-wrap: anywhere; }
#panel h3 { font-size: 13px; margin: 14px 0 4px; text-transform: uppercase; letter-spacing: .04em; color: #555; }
#panel .count { color: #888; font-weight: normal; }
#panel-type { margin: 0; color: #666; font-size: 12px; }
#panel-type.missing { color: #d62728; font-weight: 600; }
#panel-description { margin: 8px 0; }
#panel .field { margin: 4px 0; overflow-wrap: anywhere; }
#panel .field .name { color: #666; font-size: 12px; margin-right: 4px; }
#panel code { font-size: 12px; background: #f2f2f2; padding: 1px 4px; border-radius: 3px; }
#panel-close { position: absolute; top: 8px; right: 8px; border: 0; background: none; font-size: 20px; cursor: pointer; color: #666; }
.links { list-style: none; margin: 0; padding: 0; }
.links li { margin: 2px 0; }
.links button { font: inherit; border: 0; background: none; padding: 2px 0; color: #0b5cad; cursor: pointer; text-align: left; overflow-wrap: anywhere; }
.links button:hover { text-decoration: underline; }
.links button.missing { color: #d62728; }
.links .meta { color: #888; font-size: 12px; margin-left: 6px; }
.empty { color: #999; font-style: italic; }
`

export const VIEWER_JS = String.raw`
(function () {
  'use strict';
  var PALETTE = ['#1f77b4', '#ff7f0e', '#2ca02c', '#9467bd', '#8c564b', '#e377c2', '#17becf', '#bcbd22', '#7f7f7f', '#393b79', '#637939', '#8c6d31', '#843c39', '#7b4173'];
  var MISSING = '#d62728';
  var ROOT = '(root)';

  var graph = JSON.parse(document.getElementById('kb-graph-data').textContent).graph;
  var declared = graph.nodes || {};
  var edgesIn = graph.edges || [];

  function byKey(a, b) { return a < b ? -1 : a > b ? 1 : 0; }
  function folderSegments(key) {
    var isFolder = key.charAt(key.length - 1) === '/';
    var parts = (isFolder ? key.slice(0, -1) : key).split('/').filter(function (p) { return p !== ''; });
    return isFolder ? parts : parts.slice(0, -1);
  }
  function isMissingNode(node) { return node.metadata.type === 'missing' || node.metadata.missing === true; }
  // Colour by the first folder level where the base's folders differ (as
  // graph-util.ts folderGroup): a base kept under one top folder still gets
  // one colour per subfolder.
  var shared = null;
  Object.keys(declared).forEach(function (key) {
    if (isMissingNode(declared[key])) return;
    var segments = folderSegments(key);
    if (shared === null) { shared = segments; return; }
    var depth = 0;
    while (depth < shared.length && depth < segments.length && shared[depth] === segments[depth]) depth++;
    shared = shared.slice(0, depth);
  });
  var SHARED_DEPTH = shared === null ? 0 : shared.length;
  function topFolder(key) {
    var segments = folderSegments(key);
    if (segments.length <= SHARED_DEPTH) return SHARED_DEPTH === 0 ? ROOT : segments.slice(0, SHARED_DEPTH).join('/');
    return segments.slice(0, SHARED_DEPTH + 1).join('/');
  }

  // Nodes, including undeclared edge endpoints (as missing), in key order.
  var nodes = {};
  Object.keys(declared).forEach(function (key) { nodes[key] = declared[key]; });
  edgesIn.forEach(function (e) {
    [e.source, e.target].forEach(function (key) {
      if (!Object.prototype.hasOwnProperty.call(nodes, key)) nodes[key] = {label: key, metadata: {type: 'missing', missing: true}};
    });
  });
  var keys = Object.keys(nodes).sort(byKey);
  var info = {};
  keys.forEach(function (key, i) {
    var node = nodes[key];
    var label = (typeof node.label === 'string' && node.label.trim() !== '') ? node.label : key;
    info[key] = {key: key, id: 'n' + i, node: node, label: label, missing: isMissingNode(node), out: [], inc: [], sources: {}};
  });
  edgesIn.forEach(function (e) {
    info[e.source].out.push(e);
    info[e.target].inc.push(e);
    if (e.source !== e.target) info[e.target].sources[e.source] = true;
  });

  var folders = [];
  keys.forEach(function (key) {
    if (info[key].missing) return;
    var f = topFolder(key);
    if (folders.indexOf(f) < 0) folders.push(f);
  });
  folders.sort(byKey);
  function colourOf(key) {
    if (info[key].missing) return MISSING;
    return PALETTE[folders.indexOf(topFolder(key)) % PALETTE.length];
  }

  // Start positions: each top folder (and the missing targets) on a
  // sunflower disc of its own, the discs round a circle. On its own this is
  // already a readable picture of a huge base; the force layout refines it.
  var SPACING = 22;
  var groups = {};
  var groupNames = [];
  keys.forEach(function (key) {
    var g = info[key].missing ? '\u0000missing' : topFolder(key);
    if (!groups[g]) { groups[g] = []; groupNames.push(g); }
    groups[g].push(key);
  });
  var ring = 0;
  groupNames.forEach(function (g) { ring += 2 * SPACING * Math.sqrt(groups[g].length) + 60; });
  var ringRadius = groupNames.length > 1 ? ring / (2 * Math.PI) : 0;
  var start = {};
  var angle = 0;
  groupNames.forEach(function (g) {
    var radius = SPACING * Math.sqrt(groups[g].length) + 30;
    angle += radius / Math.max(ringRadius, 1);
    var cx = ringRadius * Math.cos(angle);
    var cyy = ringRadius * Math.sin(angle);
    angle += radius / Math.max(ringRadius, 1);
    groups[g].forEach(function (key, j) {
      var r = SPACING * Math.sqrt(j + 0.5);
      var t = j * 2.399963;
      start[key] = {x: cx + r * Math.cos(t), y: cyy + r * Math.sin(t)};
    });
  });

  var elements = [];
  keys.forEach(function (key) {
    var it = info[key];
    var backlinks = typeof it.node.metadata.backlinks === 'number' ? it.node.metadata.backlinks : Object.keys(it.sources).length;
    elements.push({group: 'nodes', data: {
      id: it.id, key: key, label: it.label.replace(/\s+/g, ' '), type: it.node.metadata.type, missing: it.missing,
      color: colourOf(key), size: Math.min(64, 14 + 7 * Math.sqrt(backlinks))
    }, position: {x: start[key].x, y: start[key].y}});
  });
  var pairs = {};
  var pairList = [];
  edgesIn.forEach(function (e) {
    var pk = JSON.stringify([e.source, e.target]);
    if (!pairs[pk]) { pairs[pk] = {source: e.source, target: e.target, count: 0, unresolved: false}; pairList.push(pairs[pk]); }
    pairs[pk].count++;
    if (!e.metadata.resolved) pairs[pk].unresolved = true;
  });
  pairList.forEach(function (p, i) {
    elements.push({group: 'edges', data: {
      id: 'e' + i, source: info[p.source].id, target: info[p.target].id, count: p.count,
      unresolved: p.unresolved, width: 1 + Math.log(p.count) / Math.LN2
    }});
  });

  var cy = window.cytoscape({
    container: document.getElementById('cy'),
    elements: elements,
    wheelSensitivity: 0.3,
    minZoom: 0.05,
    maxZoom: 4,
    style: [
      {selector: 'node', style: {
        'background-color': 'data(color)', 'width': 'data(size)', 'height': 'data(size)',
        'label': 'data(label)', 'font-size': 10, 'color': '#333', 'text-valign': 'bottom', 'text-margin-y': 3,
        'text-wrap': 'ellipsis', 'text-max-width': '200px', 'min-zoomed-font-size': 7,
        'border-width': 1, 'border-color': '#ffffff'
      }},
      {selector: 'node[type = "folder"]', style: {'shape': 'round-tag'}},
      {selector: 'node[type = "attachment"]', style: {'shape': 'round-diamond'}},
      {selector: 'node[?missing]', style: {
        'background-color': '#fff5f5', 'border-color': MISSING, 'border-width': 2, 'border-style': 'dashed', 'color': MISSING
      }},
      {selector: 'edge', style: {
        'width': 'data(width)', 'line-color': '#c4c4c4', 'target-arrow-color': '#c4c4c4',
        'target-arrow-shape': 'triangle', 'arrow-scale': 0.8, 'curve-style': 'bezier'
      }},
      {selector: 'edge[?unresolved]', style: {'line-color': MISSING, 'target-arrow-color': MISSING, 'line-style': 'dashed'}},
      {selector: '.dim', style: {'opacity': 0.15}},
      {selector: 'node.match', style: {'border-width': 4, 'border-color': '#ffb000', 'opacity': 1, 'z-index': 10}},
      {selector: 'node.selected', style: {'border-width': 4, 'border-color': '#111111', 'opacity': 1, 'z-index': 20, 'color': '#000000'}},
      {selector: 'node.neighbour', style: {'opacity': 1}},
      {selector: 'edge.neighbour', style: {'opacity': 1, 'line-color': '#666', 'target-arrow-color': '#666'}}
    ],
    layout: {name: 'preset'}
  });

  // ---- header: counts and legend (textContent only) ----
  var noteCount = keys.filter(function (k) { return info[k].node.metadata.type === 'note'; }).length;
  document.getElementById('counts').textContent = noteCount + ' notes \u00b7 ' + keys.length + ' nodes \u00b7 ' + edgesIn.length + ' links';
  var legend = document.getElementById('legend');
  function legendItem(name, colour, cls) {
    var li = document.createElement('li');
    var sw = document.createElement('span');
    sw.className = 'swatch' + (cls ? ' ' + cls : '');
    if (colour) sw.style.background = colour;
    li.appendChild(sw);
    li.appendChild(document.createTextNode(name));
    legend.appendChild(li);
  }
  folders.slice(0, PALETTE.length).forEach(function (f, i) { legendItem(f, PALETTE[i], ''); });
  if (keys.some(function (k) { return info[k].missing; })) legendItem('missing', '', 'missing');

  // ---- side panel ----
  var panel = document.getElementById('panel');
  var selectedKey = null;
  function text(id, value) { document.getElementById(id).textContent = value; }
  // One row per linked node; its link occurrences are listed in grey.
  function linkList(listId, countId, edges, pick) {
    var ul = document.getElementById(listId);
    while (ul.firstChild) ul.removeChild(ul.firstChild);
    var items = [];
    var seen = {};
    edges.forEach(function (e) {
      var k = pick(e);
      if (!Object.prototype.hasOwnProperty.call(seen, k)) { seen[k] = {key: k, edges: []}; items.push(seen[k]); }
      seen[k].edges.push(e);
    });
    items.sort(function (a, b) { return byKey(info[a.key].label.toLowerCase(), info[b.key].label.toLowerCase()) || byKey(a.key, b.key); });
    text(countId, '(' + items.length + (edges.length !== items.length ? ' notes, ' + edges.length + ' links' : '') + ')');
    if (items.length === 0) {
      var none = document.createElement('li');
      none.className = 'empty';
      none.textContent = 'none';
      ul.appendChild(none);
      return;
    }
    items.forEach(function (item) {
      var otherKey = item.key;
      var other = info[otherKey];
      var li = document.createElement('li');
      var b = document.createElement('button');
      b.type = 'button';
      b.textContent = other.label;
      b.title = otherKey;
      if (other.missing) b.className = 'missing';
      b.addEventListener('click', function () { select(otherKey, true); });
      var meta = document.createElement('span');
      meta.className = 'meta';
      meta.textContent = item.edges.map(function (e) {
        return e.relation + ' L' + e.metadata.line + (e.metadata.anchor ? ' #' + e.metadata.anchor : '') + (e.metadata.resolved ? '' : ' (unresolved)');
      }).join(', ');
      li.appendChild(b);
      li.appendChild(meta);
      ul.appendChild(li);
    });
  }
  function showPanel(key) {
    var it = info[key];
    var md = it.node.metadata;
    text('panel-title', it.label);
    var type = document.getElementById('panel-type');
    type.textContent = it.missing ? 'missing target (no such note)' : md.type;
    type.className = it.missing ? 'missing' : '';
    text('panel-description', md.description || '');
    text('panel-path', md.path || key);
    document.getElementById('panel-tags-row').hidden = !(md.tags && md.tags.length);
    text('panel-tags', md.tags ? md.tags.map(function (t) { return '#' + t; }).join(' ') : '');
    linkList('panel-out', 'panel-out-count', it.out, function (e) { return e.target; });
    linkList('panel-in', 'panel-in-count', it.inc, function (e) { return e.source; });
    panel.hidden = false;
    cy.resize();
  }
  function clearHighlight() { cy.elements().removeClass('dim match selected neighbour'); }
  function select(key, focus) {
    if (!Object.prototype.hasOwnProperty.call(info, key)) return false;
    selectedKey = key;
    var n = cy.getElementById(info[key].id);
    clearHighlight();
    var hood = n.closedNeighborhood();
    cy.elements().not(hood).addClass('dim');
    hood.addClass('neighbour');
    n.addClass('selected');
    showPanel(key);
    if (focus) cy.stop(true).animate({center: {eles: n}, zoom: Math.max(cy.zoom(), 1.2)}, {duration: 250});
    return true;
  }
  function unselect() {
    selectedKey = null;
    panel.hidden = true;
    clearHighlight();
    cy.resize();
  }
  document.getElementById('panel-close').addEventListener('click', unselect);
  cy.on('tap', 'node', function (evt) { select(evt.target.data('key'), false); });
  cy.on('tap', function (evt) { if (evt.target === cy) unselect(); });

  // ---- search ----
  var searchBox = document.getElementById('search');
  var matches = [];
  function search(query) {
    var q = String(query).trim().toLowerCase();
    clearHighlight();
    matches = [];
    if (q === '') { text('search-count', ''); return matches; }
    keys.forEach(function (key) {
      if (info[key].label.toLowerCase().indexOf(q) >= 0 || key.toLowerCase().indexOf(q) >= 0) matches.push(key);
    });
    // Exact title matches first, then shorter titles.
    matches.sort(function (a, b) {
      var ea = info[a].label.toLowerCase() === q ? 0 : 1;
      var eb = info[b].label.toLowerCase() === q ? 0 : 1;
      return ea - eb || info[a].label.length - info[b].label.length || byKey(a, b);
    });
    text('search-count', matches.length === 0 ? 'no match' : matches.length === 1 ? '1 match \u2014 Enter to open' : matches.length + ' matches \u2014 Enter opens the first');
    if (matches.length === 0) return matches;
    var hits = cy.collection();
    matches.forEach(function (key) { hits = hits.union(cy.getElementById(info[key].id)); });
    cy.elements().not(hits).addClass('dim');
    hits.addClass('match');
    cy.stop(true);
    if (hits.length === 1) cy.animate({center: {eles: hits}, zoom: Math.max(cy.zoom(), 1.5)}, {duration: 250});
    else cy.animate({fit: {eles: hits, padding: 120}}, {duration: 250});
    return matches.slice();
  }
  searchBox.addEventListener('input', function () { search(searchBox.value); });
  searchBox.addEventListener('keydown', function (evt) {
    if (evt.key === 'Enter' && matches.length > 0) { select(matches[0], true); }
    if (evt.key === 'Escape') { searchBox.value = ''; search(''); unselect(); }
  });

  // ---- layout ----
  // cose costs about n^2 per iteration, so the number of iterations shrinks
  // as the graph grows (to a floor of 20), cooling to the same final
  // temperature; above FORCE_LIMIT nodes the folder placement is kept as is.
  // The layout runs after the first paint, so the page never looks dead.
  // The same graph gives the same picture: cose's random numbers come from a
  // seeded generator (Park-Miller), swapped in for the synchronous run only.
  var FORCE_LIMIT = 1500;
  var n = keys.length;
  var iterations = Math.max(20, Math.min(1000, Math.floor(2.5e7 / Math.max(1, n * n))));
  var counts = document.getElementById('counts');
  var countsText = counts.textContent;
  function runLayout() {
    if (n <= FORCE_LIMIT) {
      var seed = 20240601;
      var systemRandom = Math.random;
      Math.random = function () { seed = (seed * 16807) % 2147483647; return (seed - 1) / 2147483646; };
      try {
        cy.layout({
          name: 'cose', animate: false, randomize: n <= 300, fit: true, padding: 40,
          nodeRepulsion: function () { return 9000; }, idealEdgeLength: function () { return 70; },
          edgeElasticity: function () { return 80; }, gravity: 0.6, numIter: iterations,
          initialTemp: n <= 300 ? 1000 : 200, coolingFactor: Math.pow(n <= 300 ? 0.001 : 0.005, 1 / iterations), minTemp: 1.0,
          nodeDimensionsIncludeLabels: false
        }).run();
      } finally {
        Math.random = systemRandom;
      }
    } else {
      cy.fit(undefined, 40);
    }
    counts.textContent = countsText;
    document.body.setAttribute('data-ready', 'true');
  }
  document.body.setAttribute('data-node-count', String(keys.length));
  document.body.setAttribute('data-edge-count', String(edgesIn.length));
  window.__kbGraph = {
    order: keys.length,
    size: edgesIn.length,
    select: function (key) { return select(key, true); },
    search: search,
    selected: function () { return selectedKey; },
    matches: function () { return matches.slice(); },
    cy: cy
  };
  if (n <= 300) {
    runLayout();
  } else {
    counts.textContent = countsText + ' \u00b7 laying out\u2026';
    cy.fit(undefined, 40);
    window.requestAnimationFrame(function () { window.setTimeout(runLayout, 0); });
  }
})();
`
