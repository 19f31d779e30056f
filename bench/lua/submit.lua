-- Submitting items through the API: each item is created as a draft (POST /api/v1/zones/Z/items)
-- and then submitted (POST /api/v1/items/ID/submit), two durable writes with their events on the
-- zone's hash chain. Environment: BENCH_TOKEN, BENCH_ZONE, BENCH_PANEL, BENCH_WRITE_PCT (100 here;
-- below 100 the rest are reads, see mixed.lua).
local token = os.getenv("BENCH_TOKEN")
local zone = os.getenv("BENCH_ZONE")
local panel = os.getenv("BENCH_PANEL")
local api = {["Authorization"] = "Bearer " .. token, ["Content-Type"] = "application/json"}
local create_path = "/api/v1/zones/" .. zone .. "/items"
local pending = {}
local n = 0
created, submitted, failed = 0, 0, 0

threads = {}
function setup(thread)
   table.insert(threads, thread)
end

function write_request()
   local id = table.remove(pending)
   if id then
      return wrk.format("POST", "/api/v1/items/" .. id .. "/submit", api, "")
   end
   n = n + 1
   local body = string.format('{"panel":"%s","kind":"proposal","title":"Belastingstest voorstel %d","text":"Een voorstel uit de belastingstest (nummer %d). Mensen wachten te lang op een afspraak bij de huisarts; we vragen de zorgraad dit te bekijken.","heard_at":null,"lang":"nl"}', panel, n, n)
   return wrk.format("POST", create_path, api, body)
end

function write_response(status, body, headers)
   if status == 201 then
      -- The new item's address (a field's place in the JSON is no contract; the header is).
      local at = headers and (headers["location"] or headers["Location"]) or ""
      local id = string.match(at, "/api/v1/items/(%d+)$")
      if id then
         table.insert(pending, id)
         created = created + 1
      else
         failed = failed + 1
      end
   elseif status == 200 and string.find(body, '"status":"submitted"', 1, true) then
      submitted = submitted + 1
   else
      failed = failed + 1
   end
end

request = write_request
function response(status, headers, body)
   write_response(status, body, headers)
end

function done(summary, latency, requests)
   local c, s, f = 0, 0, 0
   for _, t in ipairs(threads) do
      c = c + t:get("created")
      s = s + t:get("submitted")
      f = f + t:get("failed")
   end
   local secs = summary.duration / 1e6
   io.write(string.format("BENCH created %d submitted %d failed %d items_per_sec %.1f\n", c, s, f, s / secs))
end
