-- wrk script for scripts/bench-search-http.sh: each request is the next line of the file
-- named by $SEARCH_PATHS (paths with query strings). Each of the $WRK_THREADS threads starts
-- at its own share of the file, so no thread asks what another one just asked (which would
-- flatter a cache); the file is longer than a run, so it never wraps round within one.
local paths = {}
local counter = 0
local threads = 0

function setup(thread)
  thread:set("id", threads)
  threads = threads + 1
end

function init(args)
  for line in io.lines(os.getenv("SEARCH_PATHS")) do
    if #line > 0 then paths[#paths + 1] = line end
  end
  local n = tonumber(os.getenv("WRK_THREADS") or "2")
  counter = math.floor(#paths * (id or 0) / n)
end

function request()
  counter = counter + 1
  return wrk.format("GET", paths[(counter % #paths) + 1])
end
