-- wrk script for scripts/bench-search-http.sh: each request is the next line of the file
-- named by $SEARCH_PATHS (paths with query strings); every thread starts at its own place.
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
  counter = (id or 0) * 37
end

function request()
  counter = counter + 1
  return wrk.format("GET", paths[(counter % #paths) + 1])
end
