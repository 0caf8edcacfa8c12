//! Reading an import file a row at a time: CSV (BOM, comma or semicolon) or JSON Lines,
//! each row numbered as a person counts them.

use std::collections::BTreeMap;
use std::io::{BufRead, Read};

use super::RowError;

pub(super) type Row = (usize, BTreeMap<String, String>);

const NOT_UTF8: &str = "Tệp không phải UTF-8 (trong Excel, chọn Lưu dưới dạng CSV UTF-8)";

pub(super) fn read_error(row: usize, message: impl Into<String>) -> RowError {
    RowError { row, column: String::new(), message: message.into() }
}

/// Rows of a CSV or JSON Lines file, one at a time.
pub(super) enum Rows<'a> {
    Json {
        reader: Box<dyn BufRead + Send + 'a>,
        line: usize,
        buf: String,
    },
    Csv {
        reader: Box<csv::Reader<Box<dyn BufRead + Send + 'a>>>,
        headers: Vec<String>,
        record: csv::StringRecord,
        index: usize,
    },
    Done,
}

impl<'a> Rows<'a> {
    /// Reads up to the first line that is not blank to tell JSON Lines from CSV.
    pub(super) fn open(mut reader: Box<dyn BufRead + Send + 'a>) -> Result<Self, RowError> {
        let mut head = Vec::new();
        loop {
            let read = reader.read_until(b'\n', &mut head).map_err(|e| read_error(1, format!("{e}")))?;
            let text = head.strip_prefix("\u{feff}".as_bytes()).unwrap_or(&head);
            if read == 0 || !text.iter().all(u8::is_ascii_whitespace) {
                break;
            }
        }
        let head = head.strip_prefix("\u{feff}".as_bytes()).map(<[u8]>::to_vec).unwrap_or(head);
        let first = std::str::from_utf8(&head).map_err(|_| read_error(1, NOT_UTF8))?;
        let json = first.trim_start().starts_with('{');
        let delimiter = if first.matches(';').count() > first.matches(',').count() { b';' } else { b',' };
        let reader: Box<dyn BufRead + Send + 'a> = Box::new(std::io::Cursor::new(head).chain(reader));
        if json {
            return Ok(Rows::Json { reader, line: 0, buf: String::new() });
        }
        let mut reader = csv::ReaderBuilder::new().delimiter(delimiter).flexible(true).from_reader(reader);
        let headers = reader
            .headers()
            .map_err(|e| read_error(1, format!("Không đọc được dòng tiêu đề: {e}")))?
            .iter()
            .map(|h| h.trim().to_lowercase())
            .collect();
        Ok(Rows::Csv { reader: Box::new(reader), headers, record: csv::StringRecord::new(), index: 0 })
    }
}

impl Iterator for Rows<'_> {
    type Item = Result<Row, RowError>;

    fn next(&mut self) -> Option<Self::Item> {
        let item = match self {
            Rows::Done => return None,
            Rows::Json { reader, line, buf } => loop {
                buf.clear();
                *line += 1;
                match reader.read_line(buf) {
                    Ok(0) => return None,
                    Err(e) if e.kind() == std::io::ErrorKind::InvalidData => break Err(read_error(*line, NOT_UTF8)),
                    Err(e) => break Err(read_error(*line, format!("{e}"))),
                    Ok(_) if buf.trim().is_empty() => {}
                    Ok(_) => {
                        let parsed: Result<serde_json::Map<String, serde_json::Value>, _> = serde_json::from_str(buf);
                        break match parsed {
                            Err(e) => Err(read_error(*line, format!("Dòng JSON không hợp lệ: {e}"))),
                            Ok(value) => Ok((
                                *line,
                                value
                                    .into_iter()
                                    .map(|(k, v)| {
                                        let text = match v {
                                            serde_json::Value::String(s) => s,
                                            serde_json::Value::Null => String::new(),
                                            other => other.to_string(),
                                        };
                                        (k.trim().to_lowercase(), text)
                                    })
                                    .collect(),
                            )),
                        };
                    }
                }
            },
            Rows::Csv { reader, headers, record, index } => {
                *index += 1;
                let row = *index + 1;
                match reader.read_record(record) {
                    Ok(false) => return None,
                    Ok(true) => Ok((row, headers.iter().cloned().zip(record.iter().map(str::to_owned)).collect())),
                    Err(e) if matches!(e.kind(), csv::ErrorKind::Utf8 { .. }) => Err(read_error(row, NOT_UTF8)),
                    Err(e) => Err(read_error(row, format!("Dòng CSV không hợp lệ: {e}"))),
                }
            }
        };
        if item.is_err() {
            *self = Rows::Done;
        }
        Some(item)
    }
}

#[cfg(test)]
mod tests {
    #![expect(clippy::unwrap_used, reason = "tests")]
    use super::*;
    use crate::import::too_large;
    use std::io::BufReader;

    fn rows(bytes: &[u8]) -> Vec<Result<Row, RowError>> {
        match Rows::open(Box::new(bytes)) {
            Ok(rows) => rows.collect(),
            Err(e) => vec![Err(e)],
        }
    }

    #[test]
    fn csv_rows_are_numbered_from_the_header_with_a_bom_and_semicolons() {
        let read = rows("\u{feff}SKU;Name\nA-1;Trà; thêm\nA-2;\"Miến; dong\"\n".as_bytes());
        let read: Vec<Row> = read.into_iter().map(Result::unwrap).collect();
        assert_eq!(read.len(), 2);
        assert_eq!(read[0].0, 2);
        assert_eq!(read[0].1["sku"], "A-1");
        assert_eq!((read[1].0, read[1].1["name"].as_str()), (3, "Miến; dong"));
    }

    #[test]
    fn json_lines_count_blank_lines_and_stop_at_a_bad_one() {
        let read = rows(b"\n{\"sku\": \"A-1\", \"price_vnd\": 1000}\n\n{\"sku\": \"A-2\"}\n{bad\n{\"sku\": \"A-3\"}\n");
        assert_eq!(read.len(), 3, "stops at the bad line");
        let first = read[0].as_ref().unwrap();
        assert_eq!((first.0, first.1["price_vnd"].as_str()), (2, "1000"));
        assert_eq!(read[1].as_ref().unwrap().0, 4);
        let bad = read[2].as_ref().unwrap_err();
        assert_eq!(bad.row, 5);
    }

    #[test]
    fn a_row_that_is_not_utf8_is_named_with_the_excel_hint() {
        let mut bytes = b"sku,name\nA-1,Tra\nA-2,".to_vec();
        bytes.extend_from_slice(&[0xC0, 0xE0, 0x0A]);
        let read = rows(&bytes);
        let bad = read.last().unwrap().as_ref().unwrap_err();
        assert_eq!((bad.row, bad.message.as_str()), (3, NOT_UTF8));
        let header = rows(&[0xFF, 0xFE, b'a', b'\n']);
        assert_eq!(header[0].as_ref().unwrap_err().row, 1);
    }

    /// Rows made on the fly: the reader holds one at a time, whatever the file's size.
    struct Generated {
        next: usize,
        total: usize,
        line: Vec<u8>,
        at: usize,
    }

    impl Read for Generated {
        fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
            if self.at == self.line.len() {
                if self.next > self.total {
                    return Ok(0);
                }
                self.line = if self.next == 0 {
                    b"sku,name,price_vnd\n".to_vec()
                } else {
                    format!("S-{0},Mật ong bạc hà {0},125000\n", self.next).into_bytes()
                };
                self.next += 1;
                self.at = 0;
            }
            let n = out.len().min(self.line.len() - self.at);
            out[..n].copy_from_slice(&self.line[self.at..self.at + n]);
            self.at += n;
            Ok(n)
        }
    }

    #[test]
    fn two_hundred_thousand_rows_stream_one_at_a_time() {
        let source = Generated { next: 0, total: 200_000, line: Vec::new(), at: 0 };
        let mut count = 0;
        let mut last = 0;
        for row in Rows::open(Box::new(BufReader::new(source))).unwrap() {
            let (row_no, row) = row.unwrap();
            count += 1;
            last = row_no;
            assert_eq!(row["sku"], format!("S-{}", row_no - 1));
        }
        assert_eq!((count, last), (200_000, 200_001));
    }

    #[test]
    fn the_too_large_message_states_the_cap_and_how_to_split() {
        let message = too_large(16 * 1024 * 1024);
        assert!(message.contains("16 MB") && message.contains("chia") && message.contains("dòng tiêu đề"));
    }
}
