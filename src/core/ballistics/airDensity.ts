import { requireFinite, requirePositive } from "./validate";

/** Molar mass of dry air [kg/mol]. */
const AIR_MOLAR_MASS = 0.0289644;
/** Universal gas constant [J/(mol K)]. */
const GAS_CONSTANT = 8.314462618;

export interface AirDensityOptions {
  /** Pressure at sea level [Pa]. Default 101325 (ISA). */
  readonly seaLevelPressure_Pa?: number;
  /** Sea-level temperature of the standard atmosphere [K]. Default 288.15 (ISA). */
  readonly seaLevelTemperature_K?: number;
  /** Temperature lapse rate of the troposphere [K/m]. Default 0.0065 (ISA). */
  readonly lapseRate_Kpm?: number;
  /** Gravitational acceleration [m/s^2]. Default 9.80665. */
  readonly gravity_mps2?: number;
}

/**
 * Density of dry air [kg/m^3] at an altitude and the hall's temperature: the pressure from the
 * barometric formula of the standard troposphere, the density from the ideal gas law at the
 * actual temperature (a heated hall is thinner than the standard atmosphere says). Ulaanbaatar,
 * about 1350 m at 15 C, gives about 1.04 (docs/domain.md: about 1.05).
 *
 * @param altitude_m site altitude above sea level [m]
 * @param temperature_K air temperature at the court [K]
 */
export function airDensityFromAltitude(altitude_m: number, temperature_K: number, options: AirDensityOptions = {}): number {
  const p0 = options.seaLevelPressure_Pa ?? 101325;
  const t0 = options.seaLevelTemperature_K ?? 288.15;
  const lapse = options.lapseRate_Kpm ?? 0.0065;
  const g = options.gravity_mps2 ?? 9.80665;
  requireFinite("altitude_m", altitude_m);
  requirePositive("temperature_K", temperature_K);
  requirePositive("seaLevelPressure_Pa", p0);
  requirePositive("seaLevelTemperature_K", t0);
  requirePositive("lapseRate_Kpm", lapse);
  const ratio = 1 - (lapse * altitude_m) / t0;
  if (!(ratio > 0)) throw new Error(`altitude_m is above the troposphere model's reach, got ${altitude_m}`);
  const pressure = p0 * Math.pow(ratio, (g * AIR_MOLAR_MASS) / (GAS_CONSTANT * lapse));
  return (pressure * AIR_MOLAR_MASS) / (GAS_CONSTANT * temperature_K);
}
