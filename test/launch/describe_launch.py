"""Runs a launch file's generate_launch_description() with stand-ins for launch, launch_ros and
ament_index_python, and prints what it builds as JSON: the declared arguments, the nodes (with
their parameters, remappings and conditions) and the included launch files. No ROS 2 needed:
test/launch/shooterLaunch.test.ts reads the launch files as Python runs them, not by pattern.

    python3 describe_launch.py LAUNCH_FILE SHARE_DIR

OpaqueFunction bodies are not run (they read files at launch time); they are listed by name.
"""

import importlib.util
import json
import sys
import types

# Nothing written beside the launch files (launch/__pycache__ would be installed with them).
sys.dont_write_bytecode = True


class LaunchConfiguration:
    def __init__(self, name, default=None):
        self.name = name


class ParameterValue:
    def __init__(self, value, value_type=None):
        self.value = value
        self.value_type = value_type


class Condition:
    def __init__(self, kind, expression):
        self.kind = kind
        self.expression = expression


class DeclareLaunchArgument:
    def __init__(self, name, default_value=None, description=None, **_):
        self.name = name
        self.default_value = default_value
        self.description = description


class Node:
    def __init__(self, **kwargs):
        self.kwargs = kwargs


class IncludeLaunchDescription:
    def __init__(self, source, launch_arguments=(), condition=None):
        self.source = source
        self.launch_arguments = list(launch_arguments)
        self.condition = condition


class PythonLaunchDescriptionSource:
    def __init__(self, path):
        self.path = path


class OpaqueFunction:
    def __init__(self, function, **_):
        self.function = function


class LogInfo:
    def __init__(self, msg=None, **_):
        self.msg = msg


class LaunchDescription:
    def __init__(self, entities=()):
        self.entities = list(entities)


class PackageNotFoundError(KeyError):
    pass


def install_stand_ins(share):
    def module(name, **members):
        stand_in = types.ModuleType(name)
        stand_in.__dict__.update(members)
        sys.modules[name] = stand_in

    module('launch', LaunchDescription=LaunchDescription)
    module('launch.actions', DeclareLaunchArgument=DeclareLaunchArgument,
           IncludeLaunchDescription=IncludeLaunchDescription, LogInfo=LogInfo, OpaqueFunction=OpaqueFunction)
    module('launch.conditions', IfCondition=lambda e: Condition('if', e), UnlessCondition=lambda e: Condition('unless', e))
    module('launch.launch_description_sources', PythonLaunchDescriptionSource=PythonLaunchDescriptionSource)
    module('launch.substitutions', LaunchConfiguration=LaunchConfiguration)
    module('launch_ros')
    module('launch_ros.actions', Node=Node)
    module('launch_ros.parameter_descriptions', ParameterValue=ParameterValue)
    module('ament_index_python')
    module('ament_index_python.packages', get_package_share_directory=lambda _package: share,
           PackageNotFoundError=PackageNotFoundError)


def plain(value):
    """JSON for what a launch file hands to launch: substitutions as {"config": name}."""
    if isinstance(value, LaunchConfiguration):
        return {'config': value.name}
    if isinstance(value, ParameterValue):
        return {'value': plain(value.value), 'type': getattr(value.value_type, '__name__', None)}
    if isinstance(value, Condition):
        return {'kind': value.kind, 'expression': plain(value.expression)}
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if value is None or isinstance(value, (str, bool, int, float)):
        return value
    return repr(value)


def describe(launch_file, share):
    install_stand_ins(share)
    spec = importlib.util.spec_from_file_location('launch_under_test', launch_file)
    source = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(source)
    description = source.generate_launch_description()
    out = {'arguments': [], 'nodes': [], 'includes': [], 'opaque_functions': []}
    for entity in description.entities:
        if isinstance(entity, DeclareLaunchArgument):
            out['arguments'].append({'name': entity.name, 'default': plain(entity.default_value),
                                     'description': entity.description})
        elif isinstance(entity, Node):
            out['nodes'].append({key: plain(value) for key, value in entity.kwargs.items()})
        elif isinstance(entity, IncludeLaunchDescription):
            out['includes'].append({'file': entity.source.path, 'launch_arguments': plain(dict(entity.launch_arguments)),
                                    'condition': plain(entity.condition)})
        elif isinstance(entity, OpaqueFunction):
            out['opaque_functions'].append(entity.function.__name__)
    return out


if __name__ == '__main__':
    print(json.dumps(describe(sys.argv[1], sys.argv[2])))
