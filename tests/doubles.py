"""Test doubles shared by the tests."""

from __future__ import annotations

import numpy as np

from kickback_edu import Body
from kickback_edu.equipment import Equipment
from kickback_edu.pose import Pose


class PullsUp(Equipment):
    """A test device that pulls the leg up with a fixed torque at every angle. No
    course device does (a cable runs under the body and always resists): it checks
    what the course does with a load that would help the lift."""

    def __init__(self, torque_Nm: float) -> None:
        self.torque_Nm = torque_Nm

    @property
    def name(self) -> str:
        return "pulls up"

    @property
    def description(self) -> str:
        return "test double"

    def torque_from_pose(self, body: Body, p: Pose) -> np.ndarray:
        return np.full(p.lift_deg.shape, -self.torque_Nm)
