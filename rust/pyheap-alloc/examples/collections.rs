//! A program heavy on Vec, String, HashMap and Box, with over-aligned
//! types, whose allocations are pyheap's on wasm32 (test/rust.test.ts
//! compares run(n) with the same program built natively).
use std::collections::HashMap;

#[cfg(target_arch = "wasm32")]
#[global_allocator]
static A: pyheap_alloc::PyHeap = pyheap_alloc::PyHeap;

enum Tree {
    Leaf,
    Node(Box<Tree>, Box<Tree>),
}

fn make(depth: u32) -> Box<Tree> {
    if depth == 0 {
        Box::new(Tree::Leaf)
    } else {
        Box::new(Tree::Node(make(depth - 1), make(depth - 1)))
    }
}

fn count(t: &Tree) -> u64 {
    match t {
        Tree::Leaf => 1,
        Tree::Node(l, r) => 1 + count(l) + count(r),
    }
}

#[repr(align(64))]
struct Line([u8; 64]);
#[repr(align(4096))]
struct Page([u8; 100]);

/// A checksum of everything built; 0 if a block was misaligned.
#[no_mangle]
pub extern "C" fn run(n: u32) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let mut mix = |x: u64| h = (h ^ x).wrapping_mul(0x100_0000_01b3);

    // Strings built a char at a time, split, counted in a HashMap.
    let mut text = String::new();
    let mut seed: u32 = 12345;
    for _ in 0..n * 50 {
        seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12345);
        for k in 0..1 + (seed >> 16) % 9 {
            text.push((b'a' + ((seed >> k) % 6) as u8) as char);
        }
        text.push(' ');
    }
    let mut counts: HashMap<String, u64> = HashMap::new();
    for w in text.split_whitespace() {
        *counts.entry(w.to_string()).or_insert(0) += 1;
    }
    let mut keys: Vec<&String> = counts.keys().collect();
    keys.sort();
    for k in &keys {
        k.bytes().for_each(|b| mix(b as u64));
        mix(counts[*k]);
    }
    mix(counts.len() as u64);

    // Trees of boxes, built and dropped.
    for d in 0..n.min(14) {
        mix(count(&make(d)));
    }

    // Vecs grown by push, some dropped, the rest shrunk.
    let mut vs: Vec<Vec<u64>> = (0..n)
        .map(|i| (0..(i * 7) % 3000).map(|j| i as u64 * 31 + j as u64).collect())
        .collect();
    vs.retain(|v| v.len() % 3 != 0);
    for v in vs.iter_mut() {
        v.shrink_to_fit();
        mix(v.iter().sum::<u64>());
    }

    // Over-aligned: a Vec of 64-aligned lines grown by realloc, 4096-aligned boxes.
    let mut lines: Vec<Line> = Vec::new();
    for i in 0..n {
        lines.push(Line([i as u8; 64]));
        if lines.as_ptr() as usize % 64 != 0 {
            return 0;
        }
    }
    mix(lines.iter().map(|l| l.0[63] as u64).sum());
    let pages: Vec<Box<Page>> = (0..10).map(|i| Box::new(Page([i; 100]))).collect();
    for p in &pages {
        if &**p as *const Page as usize % 4096 != 0 {
            return 0;
        }
        mix(p.0[99] as u64);
    }

    // Zeroed (alloc_zeroed) and big.
    let zeros = vec![0u8; 100_000];
    mix(zeros.iter().map(|&b| b as u64).sum::<u64>() + zeros.len() as u64);
    h
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    let n: u32 = std::env::args().nth(1).and_then(|a| a.parse().ok()).unwrap_or(100);
    println!("{}", run(n));
}
