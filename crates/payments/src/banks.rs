//! The banks shops are paid to and buyers transfer from, by NAPAS BIN (the code VietQR and
//! bulk-transfer files use). The common ones; any other 6-digit BIN is accepted as itself.

/// (BIN, short name), in the order people look for them.
pub const COMMON: [(&str, &str); 16] = [
    ("970436", "Vietcombank"),
    ("970418", "BIDV"),
    ("970415", "VietinBank"),
    ("970405", "Agribank"),
    ("970422", "MB Bank"),
    ("970407", "Techcombank"),
    ("970416", "ACB"),
    ("970432", "VPBank"),
    ("970423", "TPBank"),
    ("970403", "Sacombank"),
    ("970441", "VIB"),
    ("970443", "SHB"),
    ("970437", "HDBank"),
    ("970448", "OCB"),
    ("970426", "MSB"),
    ("970454", "Viet Capital Bank"),
];

/// A bank's short name from its BIN; the BIN itself when it is not a common one.
pub fn name(bin: &str) -> &str {
    COMMON.iter().find(|(b, _)| *b == bin).map_or(bin, |(_, name)| name)
}
