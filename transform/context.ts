// Where a report comes from and which body it is: region (province, city, county) as printed or
// inferred from a prefecture's name, administrative level, and a department key that stays the
// same across the usual variants of one body's name, so its reports of several years join.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { lineText, type Line } from '../extract/lines.js';
import type { ADMIN_LEVELS } from '../schemas/contract.js';

/** The package's data folder, from build/transform/ (compiled) or transform/ (sources). */
const PACKAGE_ROOT = path.join(import.meta.dirname, '..', ...(path.basename(path.join(import.meta.dirname, '..')) === 'build' ? ['..'] : []));
/** Provinces and prefectures (data/classifications/regions.csv); part of the parser version (pipeline/version.ts). */
export const REGIONS_FILE = path.join(PACKAGE_ROOT, 'data', 'classifications', 'regions.csv');

export type AdminLevel = (typeof ADMIN_LEVELS)[number];

export interface ReportContext {
  province: string | null;
  city: string | null;
  county: string | null;
  adminLevel: AdminLevel | null;
  departmentKey: string | null;
}

interface Regions {
  /** Province-level names, full and short (山西省, 山西; 上海市, 上海), longest first, → full name. */
  provinces: [string, string][];
  /** Prefecture (and province-administered county-level) full names → their province. */
  cities: Map<string, string>;
  cityNames: string[];
  /** Province full names that are municipalities (直辖市): their districts are counties, the city is the province. */
  municipalities: Set<string>;
}

let regions: Regions | undefined;
function loadRegions(): Regions {
  if (regions) return regions;
  const provinces: [string, string][] = [];
  const cities = new Map<string, string>();
  const municipalities = new Set<string>();
  for (const line of readFileSync(REGIONS_FILE, 'utf8').split('\n').slice(1)) {
    const [province, city, short, level] = line.trim().split(',');
    if (!province) continue;
    if (level === 'province') {
      provinces.push([province, province], [short, province]);
      if (province.endsWith('市')) municipalities.add(province);
    } else cities.set(city, province);
  }
  provinces.sort((a, b) => b[0].length - a[0].length);
  return (regions = { provinces, cities, cityNames: [...cities.keys()], municipalities });
}

// A county-level name after its city: 屯留区, 平顺县, 鄂托克旗, 昆山市 — but not the start of a
// department's own name (城市管理局, 市场监督管理局).
const COUNTY = /^([\u4e00-\u9fff]{1,7}?(?:自治县|自治旗|林区|特区|新区|区|县|旗|市))/;
const NOT_A_PLACE = /城市|市场|管理|发展|委员|政府|人民|机关|办公|部|局|厅|委|院|会|中心|队|所|站|校/;
const CENTRAL = /^(?:中华人民共和国|国家|中央|全国|国务院|最高人民)/;

interface Found {
  province: string | null;
  city: string | null;
  county: string | null;
  /** The printed region names, to take out of the body's name. */
  spans: string[];
}

/** The region a name starts with (after 中共): province, then city, then county, each optional. */
function regionOf(name: string): Found {
  const { provinces, cities, cityNames, municipalities } = loadRegions();
  let rest = name.replace(/\s+/g, '').replace(/^中国共产党/, '').replace(/^中共/, '');
  const found: Found = { province: null, city: null, county: null, spans: [] };
  const take = (printed: string) => {
    found.spans.push(printed);
    rest = rest.slice(printed.length);
  };
  const province = provinces.find(([printed]) => rest.startsWith(printed));
  // A short name is a province only where a full one would not read on ("山西" yes; "吉林市" is a city).
  if (province && !(province[0] !== province[1] && cityNames.some((c) => rest.startsWith(c)))) {
    found.province = province[1];
    take(province[0]);
  }
  const city = cityNames.find((c) => rest.startsWith(c) && (!found.province || cities.get(c) === found.province));
  if (city) {
    found.city = city;
    found.province ??= cities.get(city)!;
    take(city);
  } else if (found.province && municipalities.has(found.province)) found.city = found.province;
  const county = COUNTY.exec(rest)?.[1];
  // After a city, any county-level name; without one, a county alone ("屯留区人民政府办公室",
  // its city perhaps on the cover) only where a body's name follows it.
  const alone = () => /[区县旗]$/.test(county!) && /^(?:委|人民政府|政府|[\u4e00-\u9fff]*(?:局|办公室|部|委员会))/.test(rest.slice(county!.length));
  if (county && county.length >= 2 && !NOT_A_PLACE.test(county) && (found.city || alone())) {
    found.county = county;
    take(county);
  }
  return found;
}

/**
 * The body's name without its region: 中国共产党 → 中共, 委员会 → 委, 人民政府 → 政府, and a
 * region's name dropped but its level kept where the body is that level's (普陀区委 → 区委,
 * 屯留区人民政府办公室 → 区政府办公室), so 中共上海市普陀区委组织部, 中国共产党上海市普陀区委员会组织部
 * and 普陀区委组织部 are all 中共区委组织部.
 */
function bodyName(name: string, spans: string[]): string {
  let body = name
    .replace(/\s+/g, '')
    .replace(/（/g, '(')
    .replace(/）/g, ')')
    .replace(/中国共产党/g, '中共')
    .replace(/委员会/g, '委')
    .replace(/人民政府/g, '政府');
  for (const span of spans) {
    const at = body.indexOf(span);
    if (at < 0) continue;
    const after = body.slice(at + span.length);
    const keep = /^(?:委|政府)/.test(after) ? span.slice(-1) : '';
    body = body.slice(0, at) + keep + after;
  }
  // "区委组织部" without 中共 is the same party body.
  if (/^[省市区县旗]委/.test(body)) body = '中共' + body;
  return body;
}

/** The region, level and key of a report, from its department name and, where that lacks them, the lines of its cover. */
export function reportContext(department: string | null, lines: Line[]): ReportContext {
  if (!department) return { province: null, city: null, county: null, adminLevel: null, departmentKey: null };
  const region = regionOf(department);
  if (!region.city) {
    // The department printed without its prefecture ("屯留区财政局", "财政局"): the first line
    // of the document naming a region (the cover, the title) completes it.
    for (const l of lines.slice(0, 80)) {
      const text = lineText(l).replace(/\s+/g, '');
      const m = /([\u4e00-\u9fff]{2,20}?)(?:\d{4}年度?|部门|单位)/.exec(text);
      if (!m) continue;
      const cover = regionOf(m[1]);
      if (cover.city && (!region.county || cover.county === region.county)) {
        region.province = cover.province;
        region.city = cover.city;
        region.county ??= cover.county;
        break;
      }
    }
  }
  const adminLevel: AdminLevel | null = region.county ? 'county' : region.city && region.city !== region.province ? 'city' : region.province ? 'province' : CENTRAL.test(department) ? 'central' : null;
  const place = [region.province, region.city !== region.province ? region.city : null, region.county].filter(Boolean).join('');
  return { province: region.province, city: region.city, county: region.county, adminLevel, departmentKey: `${place}|${bodyName(department, region.spans)}` };
}
