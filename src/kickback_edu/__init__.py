"""kickback_edu: the biomechanics library behind the glute-kickback course.

Layers (imports point down only): ``widgets`` → ``figures`` → model
(``body``, ``pose``, ``statics``, ``strength``, ``equipment``, ``curves``,
``dynamics``, ``muscles``, ``stance``, ``gait``, ``my_equipment``, ``planning``) →
``data``. The model layer
imports neither plotly nor ipywidgets.
"""

from .body import Body
from .curves import curve_arrays, resistance_curves
from .data import DataError
from .dynamics import repetition, repetition_arrays, time_under_tension
from .equipment import Band, Bodyweight, Cable, Equipment, GluteMachine
from .gait import compare_with_kickback, gait_hip_angle, kickback_hip_range
from .muscles import MUSCLE_KEYS, muscle_activation
from .my_equipment import CableSetup, MeasuredBand, MyEquipment, load_my_equipment, measure_band
from .planning import MachineSetup, build_ladder, equipment_options, next_step, plan_progression
from .pose import KNEE_RANGE_DEG, LIFT_RANGE_DEG, Pose, pose
from .stance import StanceResult, single_leg_stance
from .statics import gravity_torque, leg_inertia, leg_potential_energy
from .strength import peak_strength, strength_capacity

__version__ = "0.1.0"

__all__ = [
    "KNEE_RANGE_DEG", "LIFT_RANGE_DEG", "MUSCLE_KEYS", "Band", "Body", "Bodyweight", "Cable",
    "CableSetup", "DataError", "Equipment", "GluteMachine", "MachineSetup", "MeasuredBand",
    "MyEquipment", "Pose", "StanceResult", "build_ladder", "compare_with_kickback",
    "curve_arrays", "equipment_options", "gait_hip_angle", "gravity_torque",
    "kickback_hip_range", "leg_inertia", "leg_potential_energy", "load_my_equipment",
    "measure_band", "muscle_activation", "next_step", "peak_strength", "plan_progression",
    "pose", "repetition", "repetition_arrays", "resistance_curves", "single_leg_stance",
    "strength_capacity",
    "time_under_tension",
]
