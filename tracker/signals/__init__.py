"""Hiring signals in news text: the taxonomy, detection with facts, and who each event happens to."""

from tracker.signals.detect import DetectedSignal, detect_signals
from tracker.signals.taxonomy import KINDS, SignalKind, effective_weights

__all__ = ["KINDS", "DetectedSignal", "SignalKind", "detect_signals", "effective_weights"]
