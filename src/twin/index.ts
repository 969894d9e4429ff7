/** Public entry of the twin-city status domain; nothing else under src/twin is meant to be imported. */

// Commonly used stuff: build an index, look names up, render the results.
export { TwinIndex, MAX_QUERY_LENGTH } from './TwinIndex';
export type {
  TwinLookupResult,
  TwinOption,
  TwinLinkView,
  PlaceSummary,
  PartnerSummary,
  CountrySummary,
  RegionSummary,
  AreaOverview,
} from './results';
export { page, type Page } from './page';
export {
  TWIN_STATUSES,
  RELATIONSHIP_TYPES,
  type TwinLink,
  type TwinStatus,
  type RelationshipType,
  type Provenance,
  type StatusCounts,
} from './types';

// Data files: parse, validate, write back, load from disk.
export {
  parseTwinCsv,
  serializeTwinCsv,
  twinLinkKey,
  TWIN_CSV_COLUMNS,
  type TwinCsvResult,
  type TwinCsvError,
  type TwinCsvReason,
  type TwinCsvColumn,
  type ParseTwinCsvOptions,
} from './csv';
export {
  parseTwinNames,
  EMPTY_TWIN_NAMES,
  type TwinNames,
  type NameSet,
  type CountryNames,
  type TwinNamesResult,
  type TwinNamesError,
} from './names';
export { checkTwinNames, type TwinNamesProblem, type CheckTwinNamesOptions } from './check';
export {
  loadTwinFiles,
  readTwinCsvFile,
  readTwinNamesFile,
  TwinDataError,
  DEFAULT_TWIN_CSV,
  DEFAULT_TWIN_NAMES,
  SHIPPED_TWIN_CSV,
  SHIPPED_TWIN_NAMES,
  type TwinFilesResult,
} from './load';

// The bot: the database copy, the index every process keeps in step with it, the /twin feature.
export {
  setUpTwins,
  seedTwinLinks,
  TwinService,
  DEFAULT_TWIN_CHECK_MS,
  type TwinSnapshot,
  type TwinServiceOptions,
  type TwinSetupOptions,
} from './service';
export {
  TWIN_DATA_VERSION,
  readTwinLinks,
  readTwinVersion,
  bumpTwinVersion,
  replaceTwinLinks,
  saveTwinLink,
  sortTwinLinks,
  type TwinWriteSummary,
} from './store';
export { twinFeature } from './feature';
export { renderResult, renderPrompt, type TwinView, type Rendered, type PetitionRef } from './render';

// Admin and tooling.
export {
  updateLinkStatus,
  type TwinLinkRef,
  type TwinStatusChange,
  type UpdateLinkResult,
  type UpdateLinkError,
} from './update';
export { benchTwinLookups, SAMPLE_TWIN_QUERIES } from './bench';
export { normaliseName } from './normalise';
