import { useQuery } from "@tanstack/react-query";
import { api, qk } from "../../lib/api";
import { noteFetch } from "../../lib/feed";

/** Every figure of the assessment, recomputed by Rust after each save. */
export function useCalcs(assessmentId: string) {
  return useQuery({
    queryKey: qk.calcs(assessmentId),
    queryFn: ({ queryKey }) => {
      // A later change asks again only if this fetch started before it (lib/feed.ts).
      noteFetch(queryKey);
      return api.assessmentCalcs(assessmentId);
    },
    staleTime: 0,
    placeholderData: (prev) => prev,
  });
}
