/** Virtual HJ 212 data loggers for the demo and for tests (issue 3). */

export type { DemoLoggerOptions } from './demo-loggers.ts';
export { demoLoggers, demoSiteCodes, UnknownSiteError } from './demo-loggers.ts';
export type { DemoSimulatorOptions } from './demo-simulator.ts';
export { startDemoSimulator } from './demo-simulator.ts';
export type { LinkTarget } from './logger-link.ts';
export type { DataCn, LoggerModelOptions, PlannedPacket } from './logger-model.ts';
export { LoggerModel } from './logger-model.ts';
export type {
  AirFactorSpec,
  AirLoggerSpec,
  LoggerSpec,
  LoggerVersion,
  OutletLoggerSpec,
  OutletProfile,
} from './logger-spec.ts';
export type { ScenarioEffect, ScenarioName, ScenarioOptions, ScenarioPlan } from './scenarios.ts';
export {
  describePlan,
  isScenarioName,
  planScenario,
  SCENARIO_NAMES,
  ScenarioError,
} from './scenarios.ts';
export type { Simulator, SimulatorOptions, SimulatorStats } from './simulator.ts';
export { startSimulator } from './simulator.ts';
