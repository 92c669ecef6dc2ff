// The inventory's teams, for the team filters of the queue and the statistics.
import { useEffect, useState } from "react";
import { api } from "./api.ts";
import type { Team, TeamList } from "./types.ts";

/** The teams (up to 200), or none until they come or when they cannot be read. */
export function useTeams(): Team[] {
  const [teams, setTeams] = useState<Team[]>([]);
  useEffect(() => {
    api<TeamList>("GET", "/api/v1/inventory/teams?limit=200")
      .then((r) => setTeams(r.items))
      .catch(() => {});
  }, []);
  return teams;
}
