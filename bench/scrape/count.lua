-- Stops each wrk thread after its share of `limit` responses: wrk -s count.lua ... -- <limit> <threads>
local limit, count = 0, 0
function init(args)
  limit = math.ceil(tonumber(args[1]) / tonumber(args[2]))
end
function response(status, headers, body)
  count = count + 1
  if status ~= 200 then io.stderr:write("status " .. status .. "\n") end
  if count >= limit then wrk.thread:stop() end
end
