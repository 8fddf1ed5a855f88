"""Seconds per stage of a build: what `build --timings` and the benchmark print."""
from __future__ import annotations

import time
from dataclasses import dataclass, field


@dataclass
class Timings:
    """Seconds per stage of one build, added up when a stage runs twice."""
    stages: dict[str, float] = field(default_factory=dict)

    def mark(self, stage: str, started: float) -> float:
        now = time.perf_counter()
        self.stages[stage] = self.stages.get(stage, 0.0) + now - started
        return now
