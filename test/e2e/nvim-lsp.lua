-- Driven by nvim-lsp.test.ts: Neovim (0.7+) headless, with `kb-lint lsp`
-- attached through its built-in client, on a copy of fixtures/kb. Writes what
-- Neovim received to $KB_OUT as JSON, applies a heading rename, saves, quits.
local root, out = vim.env.KB_ROOT, vim.env.KB_OUT
local result = {}

local function run()
  local client_id = vim.lsp.start_client({
    name = 'kb-lint',
    cmd = {vim.env.KB_NODE, vim.env.KB_CLI, 'lsp', '--stdio'},
    root_dir = root,
  })
  vim.cmd('edit ' .. vim.fn.fnameescape(root .. '/devops/docker/tutorials/quickstart.md'))
  local buf = vim.api.nvim_get_current_buf()
  vim.lsp.buf_attach_client(buf, client_id)
  result.got_diagnostics = vim.wait(30000, function() return #vim.diagnostic.get(buf) >= 2 end, 50)
  result.diagnostics = {}
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    local lsp = (d.user_data or {}).lsp or {}
    table.insert(result.diagnostics, {line = d.lnum, col = d.col, severity = d.severity, message = d.message, code = d.code or lsp.code})
  end
  -- Rename the heading "## Шаг 2. Первый контейнер" (line 14): the server
  -- returns the heading edit and the anchor in install-ubuntu-2404.md.
  vim.api.nvim_win_set_cursor(0, {14, 5})
  vim.lsp.buf.rename('Шаг 2. Первый запуск')
  local other = root .. '/devops/docker/how-to/install-ubuntu-2404.md'
  result.renamed = vim.wait(30000, function()
    local nr = vim.fn.bufnr(other)
    if nr == -1 or not vim.api.nvim_buf_is_loaded(nr) then return false end
    return table.concat(vim.api.nvim_buf_get_lines(nr, 0, -1, false), '\n'):find('Первый запуск', 1, true) ~= nil
  end, 50)
  vim.cmd('silent! wall')
end

local ok, err = pcall(run)
result.ok = ok
result.error = err and tostring(err) or nil
local file = io.open(out, 'w')
file:write(vim.fn.json_encode(result))
file:close()
vim.cmd('qa!')
