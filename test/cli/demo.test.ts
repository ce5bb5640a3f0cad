import { runDemo } from "../../src/demo/runDemo";

describe("demo", () => {
  // The demo feeds no wheel: its flywheel used to run open-loop on feedforward (3.16 V) for ever.
  it("holds the flywheel at zero without a JointState and prints why", () => {
    const report = runDemo(2);
    expect(report).toMatch(/^\/launcher\/effort_command +200 msgs {3}last: \[0\.00\]$/m);
    expect(report).toMatch(/^launcher_control says: no JointState for 'flywheel_joint' on \/joint_states since activation 2\.000 s ago .*: output zero/m);
    // The rest of the chain still flows: a valid hoop estimate from the canned scan and ranges.
    expect(report).toMatch(/^\/target\/estimate +\d+ msgs {3}last: hoop at \(4\.\d{3}, -1\.\d{3}, 1\.430\) m from the launcher/m);
  });
});
