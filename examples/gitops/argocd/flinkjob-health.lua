-- Argo CD health check for flinkstack.io/v1alpha1 FlinkJob (Lua 5.1, the dialect Argo CD runs).
-- Argo CD sets the global `obj` to the live object; the script returns a table with `status`
-- (Healthy, Progressing, Degraded, Suspended or Missing) and `message`.
-- Any level of the object may be absent (a new object has no status), so every lookup goes through `get`.
-- Only base functions are used (type, select, pairs, tonumber, tostring): no library has to be opened.

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

local function condition(conditionType)
  local list = get(obj, "status", "conditions")
  if type(list) ~= "table" then
    return nil
  end
  -- pairs, not ipairs: a hole (a null in the list) must not hide the conditions after it.
  for _, c in pairs(list) do
    if type(c) == "table" and c.type == conditionType then
      return c
    end
  end
  return nil
end

local function hasStatus(c, value)
  return type(c) == "table" and c.status == value
end

-- The condition's message, else its reason, else the fallback.
local function describe(c, fallback)
  local message = get(c, "message")
  if type(message) == "string" and message ~= "" then
    return message
  end
  local reason = get(c, "reason")
  if type(reason) == "string" and reason ~= "" then
    return reason
  end
  return fallback
end

local function health()
  local status = get(obj, "status")
  local generation = tonumber(get(obj, "metadata", "generation"))
  local observed = tonumber(get(status, "observedGeneration"))

  if type(status) ~= "table" or (generation ~= nil and (observed == nil or observed < generation)) then
    if generation ~= nil then
      return "Progressing", "waiting for the controller to observe generation " .. tostring(generation)
    end
    return "Progressing", "waiting for the controller to write a status"
  end

  local ready = condition("Ready")
  local reconciling = condition("Reconciling")
  local stalled = condition("Stalled")
  local jobState = get(status, "jobState")

  if hasStatus(stalled, "True") then
    return "Degraded", describe(stalled, "stalled")
  end
  if get(obj, "spec", "state") == "suspended" and hasStatus(ready, "True") then
    return "Suspended", describe(ready, "suspended as declared")
  end
  if hasStatus(reconciling, "True") then
    return "Progressing", describe(reconciling, "reconciling")
  end
  if hasStatus(ready, "True") then
    local message = nil
    if jobState ~= nil then
      message = "job " .. tostring(jobState)
    end
    local parallelism = get(status, "parallelism")
    if parallelism ~= nil then
      message = (message and (message .. ", ") or "") .. "parallelism " .. tostring(parallelism)
    end
    return "Healthy", message or describe(ready, "ready")
  end
  if hasStatus(ready, "False") then
    if jobState == "FAILED" then
      return "Degraded", describe(ready, "job FAILED")
    end
    return "Progressing", describe(ready, "not ready yet")
  end
  return "Progressing", "waiting for the Ready condition"
end

local hs = {}
hs.status, hs.message = health()
return hs
