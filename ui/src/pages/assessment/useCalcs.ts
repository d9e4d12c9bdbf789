import { useQuery } from "@tanstack/react-query";
import { api, qk } from "../../lib/api";

/** Every figure of the assessment, recomputed by Rust after each save. */
export function useCalcs(assessmentId: string) {
  return useQuery({
    queryKey: qk.calcs(assessmentId),
    queryFn: () => api.assessmentCalcs(assessmentId),
    staleTime: 0,
    placeholderData: (prev) => prev,
  });
}
