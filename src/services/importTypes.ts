import type { CrsGuess, CrsId } from '../core/io/formats/crs';
import type { FieldMapping, Role } from '../core/io/formats/guess';
import type { FileFormat } from '../core/io/formats/readers';
import type { InputIssue } from '../core/types';

export interface LayerInfo {
  id: number;
  name: string;
  format: FileFormat;
  count: number;
  kinds: { points: number; lines: number; polygons: number; none: number };
  fields: string[];
  /** A few distinct example values per field. */
  samples: Record<string, string[]>;
  table: { header: string[]; rows: number } | null;
  lon?: string;
  lat?: string;
  crs: CrsGuess;
  role: Role;
  mapping: FieldMapping;
  warnings: string[];
  encoding: string | null;
}

export interface LayerConfig {
  id: number;
  role: Role;
  crs: CrsId;
  mapping: FieldMapping;
  lon?: string;
  lat?: string;
}

export interface ReportIssue extends InputIssue {
  bbox: [number, number, number, number] | null;
}

export interface BuildResult {
  data: {
    buildings?: { name: string; text: string };
    roads?: { name: string; text: string };
    communities?: { name: string; text: string };
    facilities?: { name: string; text: string };
  };
  summary: { buildings: number; households: number; communities: number; roads: number; facilities: number };
  issues: ReportIssue[];
  fatal: boolean;
}
