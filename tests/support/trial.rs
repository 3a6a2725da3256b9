//! A check: a name that says what it checks, and a body that says what is
//! wrong, naming the file and line. The harness runs it as a libtest trial;
//! a selftest runs it in place and reads its verdict.

use std::sync::Arc;
use std::sync::atomic::Ordering;

use libtest_mimic::{Completion, Failed, Trial};

use super::run::Tools;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Needs {
    Python,
    Chromium,
}

type Body = Box<dyn FnOnce() -> Result<(), String> + Send>;

pub struct Check {
    pub name: String,
    pub needs: Option<Needs>,
    body: Body,
}

impl Check {
    pub fn new(
        name: impl Into<String>,
        body: impl FnOnce() -> Result<(), String> + Send + 'static,
    ) -> Check {
        Check {
            name: name.into(),
            needs: None,
            body: Box::new(body),
        }
    }

    /// A check that needs `tool`: without it, skipped with the reason (never
    /// passed) and counted for the closing note; under CI, failed.
    pub fn needing(
        tool: Needs,
        name: impl Into<String>,
        body: impl FnOnce() -> Result<(), String> + Send + 'static,
    ) -> Check {
        Check {
            needs: Some(tool),
            ..Check::new(name, body)
        }
    }

    pub fn run(self, tools: &Tools, required: bool) -> Ran {
        if let Some(tool) = self.needs
            && let Some(why) = tools.missing(tool)
        {
            if required {
                return Ran::Failed(format!(
                    "{why}, and under CI all {} must run",
                    tools.describe(tool).0
                ));
            }
            tools.skipped(tool).fetch_add(1, Ordering::Relaxed);
            return Ran::Skipped(format!("not checked: {why}"));
        }
        match (self.body)() {
            Ok(()) => Ran::Passed,
            Err(message) => Ran::Failed(message),
        }
    }

    pub fn into_trial(self, tools: Arc<Tools>, required: bool) -> Trial {
        let name = self.name.clone();
        let run = move || match self.run(&tools, required) {
            Ran::Passed => Ok(Completion::Completed),
            Ran::Skipped(why) => Ok(Completion::ignored_with(why)),
            Ran::Failed(message) => Err(Failed::from(message)),
        };
        Trial::ignorable_test(name, run)
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Ran {
    Passed,
    Failed(String),
    Skipped(String),
}
