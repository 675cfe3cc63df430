-- Runs an Argo CD health script the way the tests need it: `obj` is set beforehand (lua5.1 -e "obj = {...}"),
-- the script's result is checked and printed as STATUS<TAB>MESSAGE on one line.
--   lua5.1 -e "obj = {...}" driver.lua SCRIPT.lua
-- Exit codes: 2 the script does not load, 3 it raised an error, 4 its result is not a valid health table.
local path = arg[1]
local chunk, loadError = loadfile(path)
if not chunk then
  io.stderr:write("cannot load ", tostring(path), ": ", tostring(loadError), "\n")
  os.exit(2)
end

-- Argo CD gives a script only `obj`: here, reading a global that does not exist (a typo, a library Lua 5.1
-- does not have) or creating a global is an error instead of a silent nil.
local allowedStatus = { Healthy = true, Progressing = true, Degraded = true, Suspended = true, Missing = true }
setmetatable(_G, {
  __index = function(_, name) error("read of undefined global '" .. tostring(name) .. "'", 2) end,
  __newindex = function(_, name) error("assignment to global '" .. tostring(name) .. "'", 2) end,
})

local ok, hs = pcall(chunk)
if not ok then
  io.stderr:write("the script failed: ", tostring(hs), "\n")
  os.exit(3)
end
if type(hs) ~= "table" then
  io.stderr:write("the script returned a ", type(hs), ", not a table\n")
  os.exit(4)
end
if not allowedStatus[hs.status] then
  io.stderr:write("hs.status is not Healthy, Progressing, Degraded, Suspended or Missing: ", tostring(hs.status), "\n")
  os.exit(4)
end
if type(hs.message) ~= "string" then
  io.stderr:write("hs.message is not a string: ", tostring(hs.message), "\n")
  os.exit(4)
end
io.write(hs.status, "\t", hs.message, "\n")
