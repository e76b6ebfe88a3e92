// Without a Unix extension trait in scope, `.set_mode` and `.mode` are some other type's
// methods: a builder of this crate, a device handle. Nothing fires.
pub struct Uart;

impl Uart {
    pub fn set_mode(&mut self, _bits: u32) {}
}

pub struct Builder;

impl Builder {
    pub fn new() -> Self {
        Builder
    }
    pub fn mode(self, _m: u32) -> Self {
        self
    }
}

pub fn configure(uart: &mut Uart) {
    uart.set_mode(0o777);
    let _ = Builder::new().mode(0o666);
}
