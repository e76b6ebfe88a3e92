// A static with load/store methods that is not an atomic (a crate's own cell type), in
// a file that never names an atomic: check-then-set on it is not this rule's business.
mod cell {
    pub struct Flag(std::sync::Mutex<bool>);
    impl Flag {
        pub const fn new(value: bool) -> Self {
            Flag(std::sync::Mutex::new(value))
        }
        pub fn load(&self, _order: u8) -> bool {
            *self.0.lock().unwrap()
        }
        pub fn store(&self, value: bool, _order: u8) {
            *self.0.lock().unwrap() = value;
        }
    }
}

static OPEN: cell::Flag = cell::Flag::new(false);

pub fn open_once() {
    if !OPEN.load(0) {
        OPEN.store(true, 0);
        announce();
    }
}

fn announce() {}
