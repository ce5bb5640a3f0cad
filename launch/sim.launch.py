"""The simulator as ROS 2 processes beside the three real nodes, with rviz2 where it is installed.

    ros2 launch robocon_shooter sim.launch.py
    ros2 launch robocon_shooter sim.launch.py rviz:=false start_x:=1.0 start_y:=0.5
    ros2 launch robocon_shooter sim.launch.py shooter:=false   # only the simulated robot: drivers for
                                                              # a shooter.launch.py started apart
    ros2 launch robocon_shooter sim.launch.py arm:=false      # disarmed, as on the robot: then
    ros2 topic pub --once /launcher/arm std_msgs/msg/Bool "{data: true}"
    ros2 topic pub --once /sim/drive_to geometry_msgs/msg/PoseWithCovarianceStamped \
        "{header: {frame_id: map}, pose: {pose: {position: {x: 2.0, y: 1.0}}}}"
    ros2 service call /launcher/fire std_srvs/srv/Trigger

The simulated launcher is armed on purpose: this launch passes arm:=true to shooter.launch.py
(launcher_control's armed_at_start: true), so its wheel spins at idle speed once active. The
robot's launch does not: there launcher_control waits for true on launcher/arm.

sim_world publishes scan, range/<sensor>, odom (with odom -> base_link on /tf, as a base's driver
does) and sim/ground_truth; sim_launcher obeys
launcher/velocity_command (or effort_command), launcher/hood_command and launcher/feed, publishes
joint_states and judges each ball (its log line says MADE or miss, sim/trajectory draws it).

One params file describes the robot for both sides: the simulated sensors sit at the robot frames
the nodes read (the `/**` block's robot_frames: range_inputs.<sensor>.frame_id's for each of
laser_ranging's range_sensors, detection.frame_id's for the lidar), and the simulated court is the
court file's `court:` block. A changed frame in params/shooter.yaml moves the simulated sensor with it.
The frames rviz draws in come from target_estimation (map -> odom on /tf, each robot frame on
/tf_static): this file starts no transform publisher of its own.
"""

import math
import os

import yaml
from ament_index_python.packages import PackageNotFoundError, get_package_share_directory
from launch import LaunchDescription
from launch.actions import DeclareLaunchArgument, IncludeLaunchDescription, LogInfo, OpaqueFunction
from launch.conditions import IfCondition
from launch.launch_description_sources import PythonLaunchDescriptionSource
from launch.substitutions import LaunchConfiguration
from launch_ros.actions import Node
from launch_ros.parameter_descriptions import ParameterValue

PACKAGE = 'robocon_shooter'


def node_parameters(params_file, node):
    """The flat ros__parameters of block `node` in a params file (nested maps joined with dots)."""
    with open(params_file, encoding='utf-8') as stream:
        document = yaml.safe_load(stream) or {}
    flat = {}

    def walk(mapping, prefix):
        for key, value in mapping.items():
            name = f'{prefix}{key}'
            if isinstance(value, dict):
                walk(value, f'{name}.')
            else:
                flat[name] = value
    walk((document.get(node) or {}).get('ros__parameters', {}) or {}, '')
    return flat


def robot_frame_poses(params_file):
    """Each robot_frames entry of the `/**` block composed into base_link: (x, y, z, yaw)."""
    shared = node_parameters(params_file, '/**')
    names = list(shared.get('robot_frames.names', []))
    poses = {}

    def pose(frame, path=()):
        if frame in poses:
            return poses[frame]
        if frame not in names or frame in path:
            raise RuntimeError(f'{params_file}: robot frame {frame!r} is not listed in robot_frames.names '
                               f'or its parents form a loop')
        parent = str(shared.get(f'robot_frames.{frame}.parent', ''))
        px, py, pz, pyaw = pose(parent, path + (frame,)) if parent else (0.0, 0.0, 0.0, 0.0)
        x, y, z, yaw = (float(shared.get(f'robot_frames.{frame}.{axis}', 0.0)) for axis in ('x', 'y', 'z', 'yaw'))
        c, s = math.cos(pyaw), math.sin(pyaw)
        poses[frame] = (px + c * x - s * y, py + s * x + c * y, pz + z, pyaw + yaw)
        return poses[frame]
    return pose


def simulated_robot(params_file):
    """sim_world's sensor parameters, from the estimator's mounts."""
    ranging = node_parameters(params_file, 'laser_ranging')
    estimation = node_parameters(params_file, 'target_estimation')
    pose = robot_frame_poses(params_file)
    world = {'range_sensors.names': list(ranging.get('range_sensors.names', []))}
    for sensor in world['range_sensors.names']:
        if f'range_inputs.{sensor}.topic' not in estimation and f'range_inputs.{sensor}.frame_id' not in estimation:
            raise RuntimeError(f'{params_file}: laser_ranging range sensor {sensor!r} has no '
                               f'target_estimation range_inputs.{sensor} block to simulate it at')
        frame = str(estimation.get(f'range_inputs.{sensor}.frame_id', f'{sensor}_link'))
        for key, value in zip(('x', 'y', 'z', 'yaw'), pose(frame)):
            world[f'range_sensors.{sensor}.{key}'] = value
        world[f'range_sensors.{sensor}.model'] = 'dt35'
        world[f'range_sensors.{sensor}.frame_id'] = frame
    # The scan in the lidar's robot frame, where target_estimation mounts it.
    lidar_frame = str(estimation.get('detection.frame_id', 'laser'))
    world['lidar.enabled'] = bool(ranging.get('lidar.enabled', True))
    for key, value in zip(('x', 'y', 'z', 'yaw'), pose(lidar_frame)):
        world[f'lidar.{key}'] = value
    world['lidar.frame_id'] = lidar_frame
    return world


def court_parameters(court_file):
    """The `court:` block of target_estimation in the court file, for the sim nodes."""
    return {key: value for key, value in node_parameters(court_file, 'target_estimation').items()
            if key.startswith('court.')}


def rviz_installed():
    try:
        get_package_share_directory('rviz2')
        return True
    except PackageNotFoundError:
        return False


def simulator(context):
    share = get_package_share_directory(PACKAGE)
    params_file = LaunchConfiguration('params_file').perform(context)
    court_file = LaunchConfiguration('court_file').perform(context)
    court = court_parameters(court_file)
    world = simulated_robot(params_file)

    def config(name):
        return LaunchConfiguration(name)

    sim_world = Node(
        package=PACKAGE, executable='sim_world', name='sim_world', output='screen', emulate_tty=True,
        parameters=[court, world, {
            'seed': ParameterValue(config('seed'), value_type=int),
            'start.x': ParameterValue(config('start_x'), value_type=float),
            'start.y': ParameterValue(config('start_y'), value_type=float),
            'start.yaw': ParameterValue(config('start_yaw'), value_type=float),
        }],
    )
    sim_launcher = Node(
        package=PACKAGE, executable='sim_launcher', name='sim_launcher', output='screen', emulate_tty=True,
        parameters=[court, {
            'seed': ParameterValue(config('seed'), value_type=int),
            'launcher.hood': ParameterValue(config('hood'), value_type=bool),
        }],
    )

    actions = [sim_world, sim_launcher]
    if config('rviz').perform(context).lower() in ('true', '1', 'yes'):
        if rviz_installed():
            actions.append(Node(
                package='rviz2', executable='rviz2', name='rviz2', output='log',
                arguments=['-d', os.path.join(share, 'rviz', 'shooter.rviz')],
            ))
        else:
            actions.append(LogInfo(msg='rviz2 is not installed here: the simulator runs without it '
                                       '(install ros-$ROS_DISTRO-rviz2, or pass rviz:=false to silence this)'))
    return actions


def generate_launch_description():
    share = get_package_share_directory(PACKAGE)
    params_dir = os.path.join(share, 'params')

    arguments = [
        ('rviz', 'true', 'Start rviz2 with rviz/shooter.rviz (skipped with a message where rviz2 is not installed)'),
        ('params_file', os.path.join(params_dir, 'shooter.yaml'),
         'Params file of the three nodes; the simulated sensors are mounted as it says'),
        ('court_file', os.path.join(params_dir, 'court_abu2025.yaml'), 'Court map, for the estimator and the simulated world'),
        ('seed', '1', 'Random seed of the simulated world and ball'),
        # A start inside the shipped start region (init.region.*: the attack half, facing the target hoop), where the shipped sensors pin the pose.
        ('start_x', '2.0', 'Robot start x on the court [m]'),
        ('start_y', '1.0', 'Robot start y on the court [m]'),
        ('start_yaw', '0.3', 'Robot start heading [rad]'),
        ('hood', 'false', 'Simulate an adjustable hood'),
        ('shooter', 'true', 'Also start the three nodes (shooter.launch.py); false: only the simulated robot'),
        ('arm', 'true', "Start launcher_control armed (shooter.launch.py's arm:=true): the simulated wheel "
                        'spins at once; false: disarmed until true on launcher/arm, as on the robot'),
    ]
    declared = [DeclareLaunchArgument(name, default_value=default, description=text)
                for name, default, text in arguments]

    shooter = IncludeLaunchDescription(
        PythonLaunchDescriptionSource(os.path.join(share, 'launch', 'shooter.launch.py')),
        launch_arguments={
            'params_file': LaunchConfiguration('params_file'),
            'court_file': LaunchConfiguration('court_file'),
            # The simulated flywheel listens where launcher_control publishes.
            'velocity_command_topic': 'launcher/velocity_command',
            # Armed on purpose: a simulated wheel endangers nobody (arm:=false to try the arm topic).
            'arm': LaunchConfiguration('arm'),
        }.items(),
        condition=IfCondition(LaunchConfiguration('shooter')),
    )
    return LaunchDescription(declared + [shooter, OpaqueFunction(function=simulator)])
