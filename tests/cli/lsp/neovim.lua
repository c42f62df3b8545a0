-- Drives `oneonone lsp` from Neovim (0.7 or later), headless: opens a note,
-- waits for diagnostics, then asks for completion, hover, definition and a
-- code action, applies it, and writes what it saw to $LSP_OUT, a line each.
local results = {}
local function say(line)
  table.insert(results, (line:gsub("\n", " ")))
end

local ok, err = pcall(function()
  vim.cmd("edit alice-smith/2026-11-24.md")
  local buf = vim.api.nvim_get_current_buf()
  local id = vim.lsp.start_client({
    name = "oneonone",
    cmd = { os.getenv("ONEONONE_BIN"), "lsp" },
    root_dir = vim.fn.getcwd(),
  })
  assert(id, "the client did not start")
  vim.lsp.buf_attach_client(buf, id)
  vim.wait(15000, function()
    return #vim.diagnostic.get(buf) > 0
  end, 50)
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    say("diagnostic " .. d.lnum .. " " .. d.severity .. " " .. d.message)
  end
  local uri = vim.uri_from_bufnr(buf)
  local function ask(method, params)
    params.textDocument = { uri = uri }
    local answers = vim.lsp.buf_request_sync(buf, method, params, 10000) or {}
    for _, answer in pairs(answers) do
      if answer.result then
        return answer.result
      end
    end
  end
  local completion = ask("textDocument/completion", { position = { line = 9, character = 7 } })
  for _, item in ipairs(completion or {}) do
    say("completion " .. item.label)
  end
  local hover = ask("textDocument/hover", { position = { line = 6, character = 16 } })
  say("hover " .. (hover and hover.contents.value or "none"))
  local line = vim.api.nvim_buf_get_lines(buf, 6, 7, false)[1]
  local definition = ask("textDocument/definition", {
    position = { line = 6, character = line:find("(from", 1, true) + 2 },
  })
  say("definition " .. (definition and definition.uri or "none") .. " "
    .. (definition and definition.range.start.line or -1))
  local actions = ask("textDocument/codeAction", {
    range = { start = { line = 6, character = 0 }, ["end"] = { line = 6, character = 0 } },
    context = { diagnostics = {} },
  })
  local action = actions and actions[1]
  say("action " .. (action and action.title or "none"))
  if action then
    vim.lsp.util.apply_workspace_edit(action.edit, "utf-16")
  end
  say("after " .. vim.api.nvim_buf_get_lines(buf, 6, 7, false)[1])
  vim.lsp.get_client_by_id(id).stop()
end)
if not ok then
  say("error " .. tostring(err))
end
vim.fn.writefile(results, os.getenv("LSP_OUT"))
vim.cmd("qa!")
