use std::io::Write;
fn main() {
    let path = std::env::args().nth(1).unwrap();
    let text = std::fs::read_to_string(path).unwrap();
    let blob = folio_search::unpack_js(&text).unwrap();
    let un = folio_search::blob::unpack(&blob).unwrap();
    let mut tot = 0;
    for (name, data) in &un.files {
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
        gz.write_all(data).unwrap();
        let g = gz.finish().unwrap().len();
        tot += g;
        println!("{:40} {:>9} {:>9}", name, data.len(), g);
    }
    println!("total gz separately {}", tot);
}
