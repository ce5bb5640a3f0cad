"""The three robocon_shooter nodes with their parameters.

    ros2 launch robocon_shooter shooter.launch.py
    ros2 launch robocon_shooter shooter.launch.py namespace:=robot1 scan_topic:=/lidar/scan
    ros2 launch robocon_shooter shooter.launch.py autostart:=false   # then: ros2 lifecycle set ...
    ros2 launch robocon_shooter shooter.launch.py effort_command_topic:=/motor_bridge/flywheel_volts
    ros2 topic pub --once /launcher/arm std_msgs/msg/Bool "{data: true}"   # then the wheel may spin

Each node is a lifecycle node; with autostart (the default) it configures and activates itself,
so no lifecycle manager is needed. Needs only launch and launch_ros. Run on ROS 2 Humble in CI
(npm run test:ros); written for Jazzy too, not run there.

Every command the launcher publishes has a launch argument: the params file's flywheel.mode picks
velocity (ros2_control) or effort (volts to a motor bridge); remap the one your robot listens to.

The flywheel stays still until the launcher is armed (true on launcher/arm; false disarms; an
e-stop wins over both), and drives only on fresh JointState feedback. arm:=true starts it armed
(armed_at_start: true), for the simulator's launch and a test bench, not for a robot with people
near it.
"""

import os

from ament_index_python.packages import get_package_share_directory
from launch import LaunchDescription
from launch.actions import DeclareLaunchArgument
from launch.conditions import IfCondition, UnlessCondition
from launch.substitutions import LaunchConfiguration
from launch_ros.actions import Node
from launch_ros.parameter_descriptions import ParameterValue

PACKAGE = 'robocon_shooter'


def generate_launch_description():
    share = get_package_share_directory(PACKAGE)
    params_dir = os.path.join(share, 'params')

    arguments = [
        ('namespace', '', 'Namespace of all three nodes and their relative topics'),
        ('params_file', os.path.join(params_dir, 'shooter.yaml'),
         'ROS 2 params file for the three nodes (node_name: ros__parameters: ...)'),
        ('court_file', os.path.join(params_dir, 'court_abu2025.yaml'),
         'Court map params file for target_estimation'),
        ('use_sim_time', 'false', 'Use /clock (e.g. from ros2 bag play --clock) instead of wall time; neither simulator publishes /clock'),
        ('autostart', 'true', 'Configure and activate each node at start-up'),
        ('log_level', 'info', 'Logging level: debug, info, warn, error'),
        ('scan_topic', 'scan', 'sensor_msgs/LaserScan from the 2D lidar driver'),
        ('odom_topic', 'odom', 'nav_msgs/Odometry of the robot base'),
        ('joint_states_topic', 'joint_states', 'sensor_msgs/JointState with the flywheel speed'),
        ('arm_topic', 'launcher/arm',
         'std_msgs/Bool from the operator: true arms the launcher (its flywheel may spin), false disarms'),
        ('e_stop_topic', 'launcher/e_stop', 'std_msgs/Bool: true holds the flywheel at zero and refuses to fire'),
        ('arm', 'false',
         'true: launcher_control starts armed (armed_at_start: true), its flywheel spinning at idle_speed '
         'once active, for the simulator and a test bench; false: as the params file says (shipped: '
         'disarmed until true on launcher/arm)'),
        ('velocity_command_topic', '/flywheel_velocity_controller/commands',
         'std_msgs/Float64MultiArray [rad/s] to the ros2_control JointGroupVelocityController '
         '(flywheel.mode: velocity)'),
        ('effort_command_topic', 'launcher/effort_command',
         'std_msgs/Float64MultiArray [V] to the flywheel motor bridge (flywheel.mode: effort)'),
        ('hood_command_topic', 'launcher/hood_command',
         'std_msgs/Float64 [rad] hood angle (launch.mode: adjustable)'),
        ('feed_topic', 'launcher/feed', 'std_msgs/Bool: true feeds one ball into the wheel'),
    ]
    declared = [DeclareLaunchArgument(name, default_value=default, description=text)
                for name, default, text in arguments]

    def config(name):
        return LaunchConfiguration(name)

    use_sim_time = {'use_sim_time': ParameterValue(config('use_sim_time'), value_type=bool)}

    def shooter_node(executable, parameters, remappings, condition=None):
        return Node(
            package=PACKAGE,
            executable=executable,
            name=executable,
            namespace=config('namespace'),
            output='screen',
            emulate_tty=True,
            # Our own flag: it goes before --ros-args (see src/ros/runNodeOnRos.ts).
            arguments=['--autostart', config('autostart')],
            ros_arguments=['--log-level', config('log_level')],
            parameters=parameters,
            remappings=remappings,
            condition=condition,
        )

    launcher_parameters = [config('params_file'), use_sim_time]
    launcher_remappings = [('joint_states', config('joint_states_topic')),
                           ('launcher/arm', config('arm_topic')),
                           ('launcher/e_stop', config('e_stop_topic')),
                           ('launcher/velocity_command', config('velocity_command_topic')),
                           ('launcher/effort_command', config('effort_command_topic')),
                           ('launcher/hood_command', config('hood_command_topic')),
                           ('launcher/feed', config('feed_topic'))]

    nodes = [
        shooter_node('laser_ranging',
                     [config('params_file'), use_sim_time],
                     [('scan', config('scan_topic'))]),
        shooter_node('target_estimation',
                     [config('params_file'), config('court_file'), use_sim_time],
                     [('odom', config('odom_topic'))]),
        # One launcher_control: as the params file says, or with arm:=true armed at start (a
        # parameter on top of the file, so the file's own armed_at_start is never overridden to false).
        shooter_node('launcher_control', launcher_parameters, launcher_remappings,
                     condition=UnlessCondition(config('arm'))),
        shooter_node('launcher_control', launcher_parameters + [{'armed_at_start': True}], launcher_remappings,
                     condition=IfCondition(config('arm'))),
    ]
    return LaunchDescription(declared + nodes)
