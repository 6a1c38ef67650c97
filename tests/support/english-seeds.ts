import type { SeedFile } from "../../src/articles/parse-seed.ts";
import { seed } from "./builders.ts";

/** What an English newsroom's seeds say before a credit: CREDIT_MARKERS for them. */
export const ENGLISH_CREDIT_MARKERS = "Quelle,Source,Photo,Foto";

/**
 * Seeds as an English newsroom writes them: `Source:` and `Photo:` credits, headers without a
 * title (so titles are derived, across abbreviations), enough of them for two index pages at
 * INDEX_PAGE_SIZE=5.
 */
export const ENGLISH_SEEDS: readonly SeedFile[] = [
  seed(
    ` date 2025-12-11 U.S. President Joe Smith met Gov. Jane Doe in Richmond on Wednesday. They talked about the harbour.

The governor greeted the president at the state capitol. Photo: Jane Doe/Agency

Both sides called the meeting useful and agreed to meet again in the spring.

What comes next

A working group will report by March.

Source: PA Media
`,
    "harbour-talks.txt",
  ),
  seed(
    `Floods close the coast road date 2025-12-10 Heavy rain closed the coast road for a second day.

Water covers the road near the old mill. Photo: Sam Lee

Engineers expect the road to reopen at the weekend.

Source: Reuters
`,
    "coast-road.txt",
  ),
  seed(
    ` date 2025-12-09 Dr. Amy Lee of St. Mary's Hospital opened the new ward. Patients moved in the same day.

The ward has forty beds and a garden.
`,
    "new-ward.txt",
  ),
  seed(
    `Council approves budget date 2025-12-08 The council approved the budget after a long debate.

Members voted twenty-one to nine.

Source: AP
`,
    "budget.txt",
  ),
  seed(
    `Market hall reopens date 2025-12-07 The market hall reopened after two years of repairs.

Traders returned with fish, bread and flowers. Photo: City of Newtown / M. Schulz

Source: PA Media
`,
    "market-hall.txt",
  ),
  seed(
    `Winter timetable starts date 2025-12-06 Buses run less often from Monday.

Source: Reuters
`,
    "timetable.txt",
  ),
];
