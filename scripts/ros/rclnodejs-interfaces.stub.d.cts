/*
 * Stand-in for rclnodejs's types/interfaces.d.ts, which rclnodejs generates from a ROS 2 install
 * at `npm ci` time (rostsd_gen) and which its npm tarball therefore lacks. Same structure as the
 * generated file, with only the interfaces rclnodejs's own declarations name. Copied to
 * .rclnodejs-types/package/types/interfaces.d.ts by scripts/ros/check-rclnodejs-types.sh when no
 * generated file is available (a machine with ROS 2 uses the real one).
 */
declare module 'rclnodejs' {
  namespace builtin_interfaces {
    namespace msg {
      export interface Time {
        sec: number;
        nanosec: number;
      }
    }
  }
  namespace unique_identifier_msgs {
    namespace msg {
      export interface UUID {
        uuid: number[] | Uint8Array;
      }
    }
  }
  namespace action_msgs {
    namespace msg {
      export interface GoalInfo {
        goal_id: unique_identifier_msgs.msg.UUID;
        stamp: builtin_interfaces.msg.Time;
      }
    }
    namespace srv {
      export interface CancelGoal_Response {
        return_code: number;
        goals_canceling: action_msgs.msg.GoalInfo[];
      }
    }
  }
  namespace std_msgs {
    namespace msg {
      export interface String {
        data: string;
      }
    }
  }
  namespace rcl_interfaces {
    namespace msg {
      export interface ParameterValue {
        type: number;
        bool_value: boolean;
        integer_value: bigint;
        double_value: number;
        string_value: string;
        byte_array_value: number[] | Uint8Array;
        bool_array_value: boolean[];
        integer_array_value: bigint[] | BigInt64Array;
        double_array_value: number[] | Float64Array;
        string_array_value: string[];
      }
      export interface Parameter {
        name: string;
        value: ParameterValue;
      }
      export interface FloatingPointRange {
        from_value: number;
        to_value: number;
        step: number;
      }
      export interface IntegerRange {
        from_value: bigint;
        to_value: bigint;
        step: bigint;
      }
      export interface ParameterDescriptor {
        name: string;
        type: number;
        description: string;
        additional_constraints: string;
        read_only: boolean;
        dynamic_typing: boolean;
        floating_point_range: FloatingPointRange[];
        integer_range: IntegerRange[];
      }
      export interface ParameterEvent {
        stamp: builtin_interfaces.msg.Time;
        node: string;
        new_parameters: Parameter[];
        changed_parameters: Parameter[];
        deleted_parameters: Parameter[];
      }
      export interface SetParametersResult {
        successful: boolean;
        reason: string;
      }
    }
  }

  // The generated map lists every message of the ROS install; here: those rclnodejs's own
  // declarations name plus those this package uses (src/msgs/types.ts, `MessageTypes`).
  type MessagesMap = {
    'builtin_interfaces/msg/Time': builtin_interfaces.msg.Time;
    'std_msgs/msg/String': std_msgs.msg.String;
    'rcl_interfaces/msg/ParameterEvent': rcl_interfaces.msg.ParameterEvent;
    'sensor_msgs/msg/LaserScan': object;
    'sensor_msgs/msg/Range': object;
    'sensor_msgs/msg/JointState': object;
    'geometry_msgs/msg/PointStamped': object;
    'geometry_msgs/msg/PoseWithCovarianceStamped': object;
    'nav_msgs/msg/Odometry': object;
    'std_msgs/msg/Bool': object;
    'std_msgs/msg/Float64': object;
    'std_msgs/msg/Float64MultiArray': object;
    'visualization_msgs/msg/MarkerArray': object;
    'diagnostic_msgs/msg/DiagnosticArray': object;
    'rosgraph_msgs/msg/Clock': object;
  };
  type MessageTypeClassName = keyof MessagesMap;
  type Message = MessagesMap[MessageTypeClassName];
  type MessageType<T> = T extends MessageTypeClassName ? MessagesMap[T] : T extends new (...args: any[]) => infer R ? R : object;

  interface ServiceConstructorStub extends ROSService {
    readonly Request: new (other?: object) => object;
    readonly Response: new (other?: object) => object;
  }
  type ServicesMap = {
    'std_srvs/srv/Trigger': ServiceConstructorStub;
    'std_srvs/srv/SetBool': ServiceConstructorStub;
  };
  type ServiceTypeClassName = keyof ServicesMap;
  type Service = ServicesMap[ServiceTypeClassName];
  type ServiceType<T> = T extends ServiceTypeClassName ? ServicesMap[T] : T extends { Request: any; Response: any } ? T : object;

  type ActionsMap = {
    'example_interfaces/action/Fibonacci': {
      readonly Goal: new (other?: object) => object;
      readonly Feedback: new (other?: object) => object;
      readonly Result: new (other?: object) => object;
    };
  };
  type ActionTypeClassName = keyof ActionsMap;
  type Action = ActionsMap[ActionTypeClassName];
  type ActionType<T> = T extends ActionTypeClassName ? ActionsMap[T] : T extends { Goal: any; Feedback: any; Result: any } ? T : object;

  type TypeClassName = MessageTypeClassName | ServiceTypeClassName | ActionTypeClassName;
  type InterfaceType<T> = T extends TypeClassName ? (MessagesMap & ServicesMap & ActionsMap)[T] : object;
}

// rclnodejs depends on rxjs for ObservableSubscription, which this package does not use.
declare module 'rxjs' {
  export class Observable<T> {
    subscribe(next: (value: T) => void): unknown;
  }
}
