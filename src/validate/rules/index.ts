import {
  breakdownNamesFree,
  countsHaveUnits,
  datesInsidePeriod,
  examplesWithinBatches,
  idsUnique,
  periodIsSound,
  referencesResolve,
  reportsWithinIssued,
  sectionsNotTooDeep,
  yearMatchesFolder,
} from "./basics.js";
import type { Rule } from "./finding.js";
import {
  breakdownsAreSound,
  currencyDisplayFits,
  figuresAreSound,
  financesAddUp,
  fundTotalsMatchProgrammes,
} from "./money.js";
import { ledgerAgreesWithTotals, ledgerEntriesSound, proposalTotalsInOrder } from "./proposals.js";
import { figuresComeFromRecords, noHelpersOutsideProse } from "./prose.js";
import { sameQuantitiesAgree } from "./same-as.js";

export type { Finding, Rule } from "./finding.js";

/** The rules that span fields and files, run once every file has passed its schema. */
export const rules: Rule[] = [
  yearMatchesFolder,
  periodIsSound,
  datesInsidePeriod,
  proposalTotalsInOrder,
  ledgerAgreesWithTotals,
  ledgerEntriesSound,
  idsUnique,
  referencesResolve,
  breakdownNamesFree,
  fundTotalsMatchProgrammes,
  financesAddUp,
  breakdownsAreSound,
  figuresAreSound,
  currencyDisplayFits,
  sameQuantitiesAgree,
  countsHaveUnits,
  reportsWithinIssued,
  examplesWithinBatches,
  sectionsNotTooDeep,
  figuresComeFromRecords,
  noHelpersOutsideProse,
];
