// How a tile writes numbers: sizes, speeds, shares, durations.

const BYTE_UNITS = ["B", "KiB", "MiB", "GiB", "TiB", "PiB"] as const;

/** Bytes in binary units: 1536 -> "1.5 KiB". */
export function bytes(value: number): string {
  let scaled = value;
  let unit = 0;
  while (Math.abs(scaled) >= 1024 && unit < BYTE_UNITS.length - 1) {
    scaled /= 1024;
    unit += 1;
  }
  const digits = unit === 0 || Math.abs(scaled) >= 100 ? 0 : 1;
  return `${scaled.toFixed(digits)} ${BYTE_UNITS[unit] ?? "B"}`;
}

/** Bytes per second: 2097152 -> "2.0 MiB/s". */
export function rate(value: number): string {
  return `${bytes(value)}/s`;
}

/** A 0-100 share: 42.137 -> "42.1 %". */
export function percent(value: number): string {
  return `${value.toFixed(1)} %`;
}

/** A 0-1 fraction as a share: 0.5 -> "50.0 %". */
export function fraction(value: number): string {
  return percent(value * 100);
}

/** Seconds, roughly: 3700 -> "1 h 1 min". */
export function duration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  const days = Math.floor(s / 86_400);
  const hours = Math.floor((s % 86_400) / 3600);
  const minutes = Math.floor((s % 3600) / 60);
  if (days > 0) return `${days} d ${hours} h`;
  if (hours > 0) return `${hours} h ${minutes} min`;
  if (minutes > 0) return `${minutes} min`;
  return `${s} s`;
}

/** A count with thousands separated: 12345 -> "12,345". */
export function count(value: number): string {
  return value.toLocaleString("en");
}

/** "percentBlocked" -> "percent blocked": a label for a field named in camelCase. */
export function words(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, "$1 $2").toLowerCase();
}
