"""One line about a preference run's answer (POST /events/{id}/schedule, mode preference):
how many pairs it placed, how many of the mutual musts, how many it left out. bench/run."""
import json
import sys

run = json.load(open(sys.argv[1]))["by_preference"]
musts = sum(1 for p in run["placed"] if p["origin"] == "mutual_must")
left = sum(1 for p in run["not_placed"] if p["origin"] == "mutual_must")
print(f"{len(run['placed'])} placed, {musts} of {musts + left} mutual musts placed, "
      f"{len(run['not_placed'])} not placed")
