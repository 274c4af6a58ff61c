use instrument_proxy::{instrument_proxy, InstrumentProxy};

pub struct Point {
    pub x: i32,
    pub y: i32,
}

pub struct Client;

impl Client {
    pub fn add(&self, (a, b): (i32, i32)) -> i32 {
        a + b
    }

    pub fn norm(&self, Point { x, y }: Point) -> i32 {
        x.abs() + y.abs()
    }

    pub fn ignore(&self, _: u8, _unused: u8) -> u8 {
        0
    }
}

#[derive(InstrumentProxy)]
pub struct Traced(Client);

#[instrument_proxy]
impl Traced {
    // Body-less: the patterns are replaced by bindings and passed on whole.
    pub fn add(&self, (a, b): (i32, i32)) -> i32;
    pub fn norm(&self, Point { x, y }: Point) -> i32;
    pub fn ignore(&self, _: u8, _unused: u8) -> u8;

    // With a body: the patterns stay as written.
    pub fn sub(&self, (a, b): (i32, i32), mut scale: i32) -> i32 {
        scale += 0;
        (a - b) * scale
    }

    pub fn swap(&self, [first, second]: [u8; 2], ref name: String) -> ([u8; 2], usize) {
        ([second, first], name.len())
    }
}

fn main() {
    let traced = Traced::new(Client);
    assert_eq!(traced.add((1, 2)), 3);
    assert_eq!(traced.norm(Point { x: -1, y: 2 }), 3);
    assert_eq!(traced.ignore(1, 2), 0);
    assert_eq!(traced.sub((5, 2), 2), 6);
    assert_eq!(traced.swap([1, 2], "ab".into()), ([2, 1], 2));
}
