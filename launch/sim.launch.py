"""The simulator as ROS 2 processes beside the three real nodes, with rviz2.

    ros2 launch robocon_shooter sim.launch.py
    ros2 launch robocon_shooter sim.launch.py rviz:=false start_x:=1.0 start_y:=0.5
    ros2 topic pub --once /sim/drive_to geometry_msgs/msg/PoseWithCovarianceStamped \
        "{header: {frame_id: map}, pose: {pose: {position: {x: 2.0, y: 1.0}}}}"
    ros2 service call /launcher/fire std_srvs/srv/Trigger

sim_world publishes scan, range/left, range/right, odom and sim/ground_truth; sim_launcher obeys
launcher/velocity_command (or effort_command), launcher/hood_command and launcher/feed, publishes
joint_states and judges each ball (its log line says MADE or miss, sim/trajectory draws it).
The sim nodes read the court from the same court file as target_estimation (its `court:` block).
The sensor mounts below must match target_estimation's range_inputs in params/shooter.yaml.
"""

import math
import os

import yaml
from ament_index_python.packages import get_package_share_directory
from launch import LaunchDescription
from launch.actions import DeclareLaunchArgument, IncludeLaunchDescription
from launch.conditions import IfCondition
from launch.launch_description_sources import PythonLaunchDescriptionSource
from launch.substitutions import LaunchConfiguration
from launch_ros.actions import Node
from launch_ros.parameter_descriptions import ParameterValue

PACKAGE = 'robocon_shooter'


def court_parameters(court_file):
    """The `court:` block of target_estimation in the court file, for the sim nodes."""
    with open(court_file, encoding='utf-8') as stream:
        document = yaml.safe_load(stream)
    return {'court': document['target_estimation']['ros__parameters']['court']}


def generate_launch_description():
    share = get_package_share_directory(PACKAGE)
    params_dir = os.path.join(share, 'params')
    court_file = os.path.join(params_dir, 'court_abu2025.yaml')
    court = court_parameters(court_file)

    arguments = [
        ('rviz', 'true', 'Start rviz2 with rviz/shooter.rviz'),
        ('seed', '1', 'Random seed of the simulated world and ball'),
        ('start_x', '0.0', 'Robot start x on the court [m]'),
        ('start_y', '0.0', 'Robot start y on the court [m]'),
        ('start_yaw', '0.0', 'Robot start heading [rad]'),
        ('hood', 'false', 'Simulate an adjustable hood'),
    ]
    declared = [DeclareLaunchArgument(name, default_value=default, description=text)
                for name, default, text in arguments]

    def config(name):
        return LaunchConfiguration(name)

    shooter = IncludeLaunchDescription(
        PythonLaunchDescriptionSource(os.path.join(share, 'launch', 'shooter.launch.py')),
        launch_arguments={
            'court_file': court_file,
            # The simulated flywheel listens where launcher_control publishes.
            'flywheel_command_topic': 'launcher/velocity_command',
        }.items(),
    )

    sim_world = Node(
        package=PACKAGE, executable='sim_world', name='sim_world', output='screen', emulate_tty=True,
        parameters=[court, {
            'seed': ParameterValue(config('seed'), value_type=int),
            'start.x': ParameterValue(config('start_x'), value_type=float),
            'start.y': ParameterValue(config('start_y'), value_type=float),
            'start.yaw': ParameterValue(config('start_yaw'), value_type=float),
            # As src/sim/sensorLayouts.ts ("mixed"): two DT35-class lasers and the lidar, 5 cm up.
            'range_sensors.names': ['left', 'right'],
            'range_sensors.left.model': 'dt35',
            'range_sensors.left.y': 0.2,
            'range_sensors.left.yaw': math.pi / 2,
            'range_sensors.right.model': 'dt35',
            'range_sensors.right.x': -0.2,
            'range_sensors.right.yaw': math.pi,
            'lidar.enabled': True,
            'lidar.x': 0.2,
            'lidar.z': 0.05,
        }],
    )
    sim_launcher = Node(
        package=PACKAGE, executable='sim_launcher', name='sim_launcher', output='screen', emulate_tty=True,
        parameters=[court, {
            'seed': ParameterValue(config('seed'), value_type=int),
            'launcher.hood': ParameterValue(config('hood'), value_type=bool),
        }],
    )

    # Sensor frames for rviz (the map -> base_link pose is sim/ground_truth, an Odometry display).
    def static_tf(child, x, y, z, yaw):
        return Node(
            package='tf2_ros', executable='static_transform_publisher', name=f'tf_base_link_{child}',
            arguments=['--x', str(x), '--y', str(y), '--z', str(z), '--yaw', str(yaw),
                       '--frame-id', 'base_link', '--child-frame-id', child],
        )

    frames = [
        static_tf('laser', 0.2, 0.0, 0.05, 0.0),
        static_tf('left_link', 0.0, 0.2, 0.05, math.pi / 2),
        static_tf('right_link', -0.2, 0.0, 0.05, math.pi),
        static_tf('launcher', 0.0, 0.0, 1.0, 0.0),
    ]

    rviz = Node(
        package='rviz2', executable='rviz2', name='rviz2', output='log',
        arguments=['-d', os.path.join(share, 'rviz', 'shooter.rviz')],
        condition=IfCondition(config('rviz')),
    )
    return LaunchDescription(declared + [shooter, sim_world, sim_launcher, rviz] + frames)
