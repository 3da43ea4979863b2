-- wrk script: sends the bearer token from the TOKEN environment variable on every request.
-- Used by scripts/wrk/run.sh; e.g. TOKEN=... wrk -s auth.lua http://127.0.0.1:8080/api/forecasts
local token = os.getenv("TOKEN")
if token == nil or token == "" then
  error("set TOKEN to an API token, e.g. the viewer token from <data dir>/demo-tokens.json")
end
wrk.headers["Authorization"] = "Bearer " .. token
wrk.headers["Accept"] = "application/json"

-- Fail loudly on refusals: a benchmark of 401s measures nothing.
local refused = 0
function response(status, headers, body)
  if status ~= 200 then
    refused = refused + 1
    if refused == 1 then
      io.stderr:write("non-200 answer " .. status .. ": " .. body .. "\n")
    end
  end
end
