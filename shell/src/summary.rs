//! The shell's own footer: one live line saying what every slot is doing.

use std::collections::BTreeMap;
use std::rc::Rc;

use yew::prelude::*;

/// The state each module's slot last reported (`mounted`, `failed FLO-102`, ...), by module.
#[derive(Default, PartialEq)]
pub struct Summary {
    states: BTreeMap<String, String>,
}

/// A slot's report: module name and state.
pub struct Report(pub String, pub String);

impl Reducible for Summary {
    type Action = Report;

    fn reduce(self: Rc<Self>, Report(module, state): Report) -> Rc<Self> {
        if self.states.get(&module) == Some(&state) {
            return self;
        }
        let mut states = self.states.clone();
        states.insert(module, state);
        Rc::new(Summary { states })
    }
}

impl Summary {
    /// `Flotilla · header-app mounted · home-app failed (FLO-102)`.
    pub fn line(&self) -> String {
        let parts = self
            .states
            .iter()
            .map(|(module, state)| format!("{module} {state}"));
        std::iter::once("Flotilla".to_owned())
            .chain(parts)
            .collect::<Vec<_>>()
            .join(" · ")
    }
}
