//! The shell's own footer: one live line saying what every slot is doing.

use flotilla_host::{SlotPhase, SlotStatus};

/// `Flotilla · header-app mounted · home-app failed (FLO-102)`, modules in name order.
pub fn line(slots: &[SlotStatus]) -> String {
    let mut parts: Vec<String> = slots
        .iter()
        .map(|s| match &s.phase {
            SlotPhase::Failed(f) => format!("{} {} ({})", s.module, s.phase.name(), f.error.code()),
            phase => format!("{} {}", s.module, phase.name()),
        })
        .collect();
    parts.sort();
    std::iter::once("Flotilla".to_owned())
        .chain(parts)
        .collect::<Vec<_>>()
        .join(" · ")
}
