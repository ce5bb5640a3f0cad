import { parseShotsCsv } from "../../../src/core/calibration/parseShotsCsv";

describe("parseShotsCsv", () => {
  it.each([
    {
      name: "comments and blank lines count in the line numbers",
      text: "# session 3\n\ndistance_m,wheel_speed_radps,outcome\n4,300,made\n\n# after lunch\n5.5,341.2,short\n",
      shots: [
        { distance_m: 4, wheelSpeed_radps: 300, outcome: "made", line: 4 },
        { distance_m: 5.5, wheelSpeed_radps: 341.2, outcome: "short", line: 7 },
      ],
    },
    {
      name: "Windows line ends and spaces around fields",
      text: "distance_m , wheel_speed_radps , miss_m\r\n 4 , 300 , -0.12 \r\n",
      shots: [{ distance_m: 4, wheelSpeed_radps: 300, miss_m: -0.12, line: 2 }],
    },
    {
      name: "quoted fields as a spreadsheet exports them",
      text: '"distance_m","wheel_speed_radps","outcome","launch_angle_rad"\n"4.0","300","long","0.96"\n',
      shots: [{ distance_m: 4, wheelSpeed_radps: 300, outcome: "long", launchAngle_rad: 0.96, line: 2 }],
    },
  ])("reads $name", ({ text, shots }) => {
    expect(parseShotsCsv(text)).toEqual(shots);
  });

  it.each([
    ["an unclosed quote", 'distance_m,wheel_speed_radps,outcome\n4,300,made\n5,"310,short\n', /^field\.csv line 3: .*quote/i],
    ["an empty file", "# only a comment\n\n", /^field\.csv: empty, expected a header line and shots$/],
    ["a # inside a field", "distance_m,wheel_speed_radps,outcome\n4,300,made # good one\n", /line 2, field "outcome": expected made \| short \| long, got "made # good one"/],
  ])("refuses %s, naming the file and line", (_name, text, message) => {
    expect(() => parseShotsCsv(text, "field.csv")).toThrow(message);
  });
});
