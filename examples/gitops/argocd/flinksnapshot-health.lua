-- Argo CD health check for flinkstack.io/v1alpha1 FlinkSnapshot (Lua 5.1, the dialect Argo CD runs).
-- Argo CD sets the global `obj` to the live object; the script returns a table with `status` and `message`.
-- status.state is pending, in-progress, completed, failed or abandoned; a new object has no status at all.
-- Only base functions are used (type, select, tostring): no library has to be opened.

local function get(t, ...)
  local value = t
  for i = 1, select("#", ...) do
    if type(value) ~= "table" then
      return nil
    end
    value = value[select(i, ...)]
  end
  return value
end

local function text(value, fallback)
  if type(value) == "string" and value ~= "" then
    return value
  end
  return fallback
end

local function health()
  local state = get(obj, "status", "state")
  if state == "completed" then
    return "Healthy", text(get(obj, "status", "path"), "completed")
  end
  if state == "failed" then
    return "Degraded", text(get(obj, "status", "error"), "failed")
  end
  if state == "abandoned" then
    return "Degraded", text(get(obj, "status", "error"), "abandoned: the job went away before the snapshot completed")
  end
  if state == nil then
    return "Progressing", "waiting for the controller to take the snapshot"
  end
  return "Progressing", "snapshot " .. tostring(state)
end

local hs = {}
hs.status, hs.message = health()
return hs
