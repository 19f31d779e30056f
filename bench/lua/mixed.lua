-- The mixed load: 90 % reads spread over the four read pages (a citizen's item timeline, the
-- zone's filtered item list, the staff overview, the public zone page) and 10 % writes (the
-- create-and-submit cycle of submit.lua). Environment as submit.lua, plus BENCH_CITIZEN_COOKIE,
-- BENCH_STAFF_COOKIE, BENCH_ANON_COOKIE, BENCH_TIMELINE, BENCH_LIST, BENCH_OVERVIEW, BENCH_PUBLIC.
dofile(os.getenv("BENCH_LUA_DIR") .. "/submit.lua")

local citizen = {["Cookie"] = os.getenv("BENCH_CITIZEN_COOKIE")}
local staff = {["Cookie"] = os.getenv("BENCH_STAFF_COOKIE")}
local anon = {["Cookie"] = os.getenv("BENCH_ANON_COOKIE")}
local reads = {
   {os.getenv("BENCH_TIMELINE"), citizen},
   {os.getenv("BENCH_LIST"), citizen},
   {os.getenv("BENCH_OVERVIEW"), staff},
   {os.getenv("BENCH_PUBLIC"), anon},
}
local i = 0
reads_ok, reads_failed = 0, 0

request = function()
   i = i + 1
   if i % 10 == 0 then
      return write_request()
   end
   local r = reads[(i % 4) + 1]
   return wrk.format("GET", r[1], r[2])
end

function response(status, headers, body)
   if string.sub(body, 1, 1) == "{" then
      write_response(status, body, headers)
   elseif status == 200 then
      reads_ok = reads_ok + 1
   else
      reads_failed = reads_failed + 1
   end
end

local base_done = done
function done(summary, latency, requests)
   base_done(summary, latency, requests)
   local ok, bad = 0, 0
   for _, t in ipairs(threads) do
      ok = ok + t:get("reads_ok")
      bad = bad + t:get("reads_failed")
   end
   io.write(string.format("BENCH reads_ok %d reads_failed %d\n", ok, bad))
end
