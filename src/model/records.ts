import type { Activity } from "../schema/activities.js";
import type { DocumentRecord } from "../schema/documents.js";
import type { Programme } from "../schema/relief.js";
import type { VolunteerTeam } from "../schema/volunteers.js";
import type { Declared } from "./common.js";

/** Records as templates see them: their own field names, absent optional fields null. */
export type ActivityView = Declared<Activity>;
export type ProgrammeView = Declared<Programme>;
export type TeamView = Declared<VolunteerTeam>;
export type DocumentView = Declared<DocumentRecord>;
