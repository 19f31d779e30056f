-- Search (issue 19): a citizen of the zone searches it through the API, rotating over queries
-- that find many, a few and no items (the generated titles repeat across the zone's ~1000 items).
-- Environment: BENCH_TOKEN (a citizen's API token), BENCH_ZONE (the zone's code).
local token = os.getenv("BENCH_TOKEN")
local zone = os.getenv("BENCH_ZONE")
local queries = {
   "wachttijd",
   "huisarts",
   "bushalte+dienstencentrum",
   "respijtzorg+mantelzorgers",
   "toegankelijke+toiletten",
   "geestelijke+gezondheidszorg+wachtlijst",
   "xylofoon",
   "eenzaamheid",
}
local i = 0
local headers = {["Authorization"] = "Bearer " .. token}

request = function()
   i = i + 1
   local q = queries[(i % #queries) + 1]
   return wrk.format("GET", "/api/v1/zones/" .. zone .. "/search?q=" .. q, headers)
end
