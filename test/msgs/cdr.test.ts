import { cdrCodec, holdsInt64Fields, int64AsNumbers } from "../../src/msgs/cdr";
import { ros2msgSchema } from "../../src/msgs/ros2msgDefinitions";
import type { MessageTypeName, MessageTypes } from "../../src/msgs/types";
import { plain, SAMPLE_MESSAGES } from "./sampleMessages";

/**
 * The reference: CDR written by hand, field by field in .msg order, each primitive aligned to its
 * size from the start of the body (after the 4-byte encapsulation header, little endian), a string
 * as a uint32 length counting its NUL, then its bytes and the NUL; a sequence as a uint32 count.
 */
type Field = ["u8" | "i32" | "u32" | "f32" | "f64", number] | ["string", string] | ["f32[]", number[]];

function handWritten(fields: readonly Field[]): Buffer {
  const body: number[] = [];
  const put = (size: number, write: (view: DataView) => void): void => {
    while (body.length % size !== 0) body.push(0);
    const view = new DataView(new ArrayBuffer(size));
    write(view);
    body.push(...new Uint8Array(view.buffer));
  };
  for (const field of fields) {
    switch (field[0]) {
      case "u8":
        put(1, (v) => v.setUint8(0, field[1]));
        break;
      case "i32":
        put(4, (v) => v.setInt32(0, field[1], true));
        break;
      case "u32":
        put(4, (v) => v.setUint32(0, field[1], true));
        break;
      case "f32":
        put(4, (v) => v.setFloat32(0, field[1], true));
        break;
      case "f64":
        put(8, (v) => v.setFloat64(0, field[1], true));
        break;
      case "string":
        put(4, (v) => v.setUint32(0, field[1].length + 1, true));
        body.push(...Buffer.from(field[1], "utf8"), 0);
        break;
      case "f32[]":
        put(4, (v) => v.setUint32(0, field[1].length, true));
        for (const x of field[1]) put(4, (v) => v.setFloat32(0, x, true));
        break;
    }
  }
  return Buffer.from([0x00, 0x01, 0x00, 0x00, ...body]);
}

const header = (sec: number, nanosec: number, frame: string): Field[] => [
  ["i32", sec],
  ["u32", nanosec],
  ["string", frame],
];

describe("CDR codec", () => {
  it.each<[string, () => [Uint8Array, Buffer]]>([
    ["std_msgs/Float64", () => [cdrCodec("std_msgs/msg/Float64").encode({ data: 1.5 }), handWritten([["f64", 1.5]])]],
    [
      "sensor_msgs/Range (a uint8 then float32s: padding after an odd-length frame id)",
      () => [
        cdrCodec("sensor_msgs/msg/Range").encode({ header: { stamp: { sec: 1, nanosec: 2 }, frame_id: "ab" }, radiation_type: 1, field_of_view: 0.5, min_range: 0.25, max_range: 8, range: 2 }),
        handWritten([...header(1, 2, "ab"), ["u8", 1], ["f32", 0.5], ["f32", 0.25], ["f32", 8], ["f32", 2]]),
      ],
    ],
    [
      "sensor_msgs/LaserScan (REP-117 values in a float32 sequence)",
      () => [
        cdrCodec("sensor_msgs/msg/LaserScan").encode({
          header: { stamp: { sec: -3, nanosec: 999_999_999 }, frame_id: "laser" },
          angle_min: -1,
          angle_max: 1,
          angle_increment: 0.5,
          time_increment: 0,
          scan_time: 0.125,
          range_min: 0.25,
          range_max: 10,
          ranges: new Float32Array([1, NaN, Infinity, -Infinity, 2]),
          intensities: new Float32Array(0),
        }),
        handWritten([
          ...header(-3, 999_999_999, "laser"),
          ...[-1, 1, 0.5, 0, 0.125, 0.25, 10].map((x): Field => ["f32", x]),
          ["f32[]", [1, NaN, Infinity, -Infinity, 2]],
          ["f32[]", []],
        ]),
      ],
    ],
  ])("encodes %s byte for byte as CDR written by hand", (_name, make) => {
    const [encoded, reference] = make();
    expect(Buffer.from(encoded).toString("hex")).toBe(reference.toString("hex"));
  });

  it.each(Object.keys(SAMPLE_MESSAGES) as MessageTypeName[])("%s decodes to what was encoded, numeric arrays as typed arrays", (type) => {
    const codec = cdrCodec(type);
    const sample = SAMPLE_MESSAGES[type];
    const decoded = codec.decode(codec.encode(sample));
    // toMatchObject: fields a builder leaves out (a Marker's texture) come back as their defaults.
    expect(plain(decoded)).toMatchObject(plain(sample) as object);
    // Numeric sequences come back typed, as rclnodejs with enableTypedArray delivered them.
    const typedArrayOf = (value: unknown): string | undefined => (ArrayBuffer.isView(value) ? value.constructor.name : undefined);
    if (type === "sensor_msgs/msg/LaserScan") expect(typedArrayOf((decoded as MessageTypes[typeof type]).ranges)).toBe("Float32Array");
    if (type === "nav_msgs/msg/Odometry") expect(typedArrayOf((decoded as MessageTypes[typeof type]).pose.covariance)).toBe("Float64Array");
  });

  it("fills a missing field with its .msg default (a quaternion's w is 1)", () => {
    const codec = cdrCodec("nav_msgs/msg/Odometry");
    const decoded = codec.decode(codec.encode({} as MessageTypes["nav_msgs/msg/Odometry"]));
    expect(decoded.pose.pose.orientation).toEqual({ x: 0, y: 0, z: 0, w: 1 });
    expect([decoded.header.frame_id, decoded.pose.covariance.length]).toEqual(["", 36]);
  });

  it("decodes bytes followed by a trailing NUL (rclnodejs's raw take) as without it", () => {
    const codec = cdrCodec("sensor_msgs/msg/Range");
    const sample = SAMPLE_MESSAGES["sensor_msgs/msg/Range"];
    const bytes = codec.encode(sample);
    expect(codec.decode(Buffer.concat([bytes, Buffer.from([0])]))).toEqual(codec.decode(bytes));
  });

  it("turns int64 bigints into numbers and leaves typed arrays alone", () => {
    const ranges = new Float32Array([1, NaN, Infinity]);
    const converted = int64AsNumbers({ a: 5n, nested: [{ b: -2n }], ranges, ids: new BigInt64Array([3n]) }) as Record<string, unknown>;
    expect(converted).toEqual({ a: 5, nested: [{ b: -2 }], ranges, ids: [3] });
    expect(converted.ranges).toBe(ranges);
  });

  it("no message type of this package holds 64-bit integers; a schema that does is recognised", () => {
    for (const type of Object.keys(SAMPLE_MESSAGES) as MessageTypeName[]) expect([type, holdsInt64Fields(ros2msgSchema(type))]).toEqual([type, false]);
    expect(holdsInt64Fields("std_msgs/Header header\nint64 count")).toBe(true);
    expect(holdsInt64Fields("float64 x\n================================================================================\nMSG: pkg/Ids\nuint64[] ids")).toBe(true);
    expect(holdsInt64Fields("uint64[4] words")).toBe(true);
    expect(holdsInt64Fields("int64[<=8] samples")).toBe(true);
    expect(holdsInt64Fields("int32 sec\nuint32 nanosec\nfloat64 int64_like")).toBe(false);
  });
});
