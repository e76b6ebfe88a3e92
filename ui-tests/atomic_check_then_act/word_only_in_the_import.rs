// The word `Atomic` appears once, in the renaming import: the static's type still
// resolves to an atomic (the rule skips resolving only in files that never say it).
use std::sync::atomic::AtomicBool as Switch;
use std::sync::atomic::Ordering::SeqCst;

static OPEN: Switch = Switch::new(false);

pub fn open_once() {
    if !OPEN.load(SeqCst) {
        OPEN.store(true, SeqCst); //~ atomic_check_then_act
        announce();
    }
}

fn announce() {}
