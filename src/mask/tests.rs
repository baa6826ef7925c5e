//! The table of tried forms: every way of writing a number or an address that masking was
//! tried on, with what must be hidden and what must stay as it is.

use super::*;
use MaskKind::*;

type Case = (&'static str, &'static str, &'static [MaskKind]);

/// Every form tried, by theme: input, masked text, kinds masked.
const CASES: &[(&str, &[Case])] = &[
    (
        "mobile, as before",
        &[
            ("手机13812345678", "手机138****5678", &[Mobile]),
            ("电话 138-1234-5678。", "电话 138-****-5678。", &[Mobile]),
            ("联系 139 1234 5678", "联系 139 **** 5678", &[Mobile]),
            ("😀13812345678", "😀138****5678", &[Mobile]),
            (
                "13812345678 13912345678",
                "138****5678 139****5678",
                &[Mobile, Mobile],
            ),
        ],
    ),
    (
        "separators between digit groups",
        &[
            ("138.1234.5678", "138.****.5678", &[Mobile]),
            (
                "138\u{3000}1234\u{3000}5678",
                "138\u{3000}****\u{3000}5678",
                &[Mobile],
            ),
            ("138－1234－5678", "138－****－5678", &[Mobile]),
            ("138—1234—5678", "138—****—5678", &[Mobile]),
            ("138–1234–5678", "138–****–5678", &[Mobile]),
            ("138  1234   5678", "138  ****   5678", &[Mobile]),
            (
                "138\u{a0}1234\u{a0}5678",
                "138\u{a0}****\u{a0}5678",
                &[Mobile],
            ),
            ("138\t1234\t5678", "138\t****\t5678", &[Mobile]),
            (
                "138\u{200b}1234\u{200b}5678",
                "138\u{200b}****\u{200b}5678",
                &[Mobile],
            ),
            (
                "138\u{200c}1234\u{200d}5678",
                "138\u{200c}****\u{200d}5678",
                &[Mobile],
            ),
            (
                "138\u{2060}1234\u{feff}5678",
                "138\u{2060}****\u{feff}5678",
                &[Mobile],
            ),
            (
                "1\u{200b}3\u{200b}8\u{200b}12345678",
                "1\u{200b}3\u{200b}8\u{200b}****5678",
                &[Mobile],
            ),
            ("138 - 1234 - 5678", "138 - **** - 5678", &[Mobile]),
            ("138·1234·5678", "138·****·5678", &[Mobile]),
            ("138\n1234\n5678", "138\n****\n5678", &[Mobile]),
            (
                "138 1234 5678 139 1234 5678",
                "138 **** 5678 139 **** 5678",
                &[Mobile, Mobile],
            ),
        ],
    ),
    (
        "full-width digits and X",
        &[
            ("１３８１２３４５６７８", "１３８****５６７８", &[Mobile]),
            ("138１２３４5678", "138****5678", &[Mobile]),
            (
                "１３８　１２３４　５６７８",
                "１３８　****　５６７８",
                &[Mobile],
            ),
            (
                "身份证１１０１０５１９４９１２３１００２Ｘ",
                "身份证１１０***********００２Ｘ",
                &[IdCard],
            ),
            ("11010519491231002ｘ", "110***********002ｘ", &[IdCard]),
            (
                "４１１１ １１１１ １１１１ １１１１",
                "**** **** **** １１１１",
                &[BankCard],
            ),
        ],
    ),
    (
        "country prefixes",
        &[
            ("+86 13812345678", "+86 138****5678", &[Mobile]),
            ("8613812345678", "86138****5678", &[Mobile]),
            ("+8613812345678", "+86138****5678", &[Mobile]),
            ("008613812345678", "0086138****5678", &[Mobile]),
            ("+86 138 1234 5678", "+86 138 **** 5678", &[Mobile]),
            ("+86-138-1234-5678", "+86-138-****-5678", &[Mobile]),
            ("0086 138-1234-5678", "0086 138-****-5678", &[Mobile]),
            ("0086 13812345678", "0086 138****5678", &[Mobile]),
            (
                "＋８６ １３８ １２３４ ５６７８",
                "＋８６ １３８ **** ５６７８",
                &[Mobile],
            ),
            (
                "＋８６１３８１２３４５６７８",
                "＋８６１３８****５６７８",
                &[Mobile],
            ),
            ("(+86)13812345678", "(+86)138****5678", &[Mobile]),
        ],
    ),
    (
        "numbers glued to letters",
        &[
            ("tel13812345678", "tel138****5678", &[Mobile]),
            ("vx13812345678", "vx138****5678", &[Mobile]),
            ("TEL:13812345678", "TEL:138****5678", &[Mobile]),
            ("13812345678abc", "138****5678abc", &[Mobile]),
            ("13812345678x", "138****5678x", &[Mobile]),
            ("电话:13812345678", "电话:138****5678", &[Mobile]),
            (
                "a13812345678b13912345678c",
                "a138****5678b139****5678c",
                &[Mobile, Mobile],
            ),
            ("ID11010519491231002X", "ID110***********002X", &[IdCard]),
            (
                "ID11010519491231002Xabc",
                "ID110***********002Xabc",
                &[IdCard],
            ),
            (
                "卡号4111111111111111元",
                "卡号************1111元",
                &[BankCard],
            ),
        ],
    ),
    (
        "resident ID numbers, whatever the check digit",
        &[
            (
                "身份证11010519491231002X",
                "身份证110***********002X",
                &[IdCard],
            ),
            (
                "身份证110105194912310021",
                "身份证110***********0021",
                &[IdCard],
            ),
            ("11010519491231001X", "110***********001X", &[IdCard]),
            ("110105 19491231 002X", "110*** ******** 002X", &[IdCard]),
            (
                "110 105 1949 1231 0021",
                "110 *** **** **** 0021",
                &[IdCard],
            ),
            (
                "老身份证110105491231002",
                "老身份证110*********002",
                &[IdCard],
            ),
            (
                "ID110105194912310021 13812345678",
                "ID110***********0021 138****5678",
                &[IdCard, Mobile],
            ),
        ],
    ),
    (
        "bank-card-shaped numbers, whatever the Luhn check",
        &[
            (
                "卡号4111 1111 1111 1111",
                "卡号**** **** **** 1111",
                &[BankCard],
            ),
            ("编号1234567812345678", "编号************5678", &[BankCard]),
            (
                "6222 0200 0000 0000 006",
                "**** **** **** ***0 006",
                &[BankCard],
            ),
            ("6222-0200-0000-0000", "****-****-****-0000", &[BankCard]),
            (
                "6222.0200.0000.0000.006",
                "****.****.****.***0.006",
                &[BankCard],
            ),
            (
                "6222 0200 1381 2345 678",
                "**** **** **** ***5 678",
                &[BankCard],
            ),
            ("12345678123456789", "*************6789", &[BankCard]),
            ("910105194912310021", "**************0021", &[BankCard]),
            (
                "4111 1111 1111 1111 138 1234 5678",
                "**** **** **** 1111 138 **** 5678",
                &[BankCard, Mobile],
            ),
        ],
    ),
    (
        "landlines with an area code",
        &[
            ("0755-86013388", "0755-******88", &[Landline]),
            ("010 6552 0000", "010 **** **00", &[Landline]),
            ("(010)65520000", "(010)******00", &[Landline]),
            ("（0755）86013388", "（0755）******88", &[Landline]),
            ("021-6123 4567", "021-**** **67", &[Landline]),
            ("075586013388", "0755******88", &[Landline]),
            ("01065520000", "010******00", &[Landline]),
            ("电话 0591-87654321", "电话 0591-******21", &[Landline]),
            ("0591-8765432", "0591-*****32", &[Landline]),
            ("0755-86013388-123", "0755-******88-123", &[Landline]),
            ("0755-86013388转123", "0755-******88转123", &[Landline]),
            ("0755-86013388-1234", "0755-******88-1234", &[Landline]),
            (
                "０７５５－８６０１３３８８",
                "０７５５－******８８",
                &[Landline],
            ),
            ("+86 755 8601 3388", "+86 755 **** **88", &[Landline]),
            ("tel:+86-10-6552-0000", "tel:+86-10-****-**00", &[Landline]),
            ("0086 21 6123 4567", "0086 21 **** **67", &[Landline]),
            ("+86 (0755) 86013388", "+86 (0755) ******88", &[Landline]),
            (
                "010-65520000,010-65520001",
                "010-******00,010-******01",
                &[Landline, Landline],
            ),
            ("0755 8601 3388 8888", "0755 **** **88 8888", &[Landline]),
        ],
    ),
    (
        "e-mail addresses",
        &[
            (
                "邮箱 zhang.san@example.com，谢谢",
                "邮箱 z********@example.com，谢谢",
                &[Email],
            ),
            ("邮箱zhang@163.com", "邮箱z****@163.com", &[Email]),
            ("a@qq.com", "*@qq.com", &[Email]),
            ("张三@例子.中国", "张*@例子.中国", &[Email]),
            (
                "联系人：张三@例子.中国，谢谢",
                "联系人：张*@例子.中国，谢谢",
                &[Email],
            ),
            ("user@例え.jp", "u***@例え.jp", &[Email]),
            ("李@公司.cn", "*@公司.cn", &[Email]),
            ("zhang＠example.com", "z****＠example.com", &[Email]),
            ("zhang﹫example.com", "z****﹫example.com", &[Email]),
            (
                "ｚｈａｎｇ＠ｅｘａｍｐｌｅ．ｃｏｍ",
                "ｚ****＠ｅｘａｍｐｌｅ．ｃｏｍ",
                &[Email],
            ),
            ("a@qq.com谢谢", "*@qq.com谢谢", &[Email]),
            ("a@example.xn--fiqs8s", "*@example.xn--fiqs8s", &[Email]),
            ("13812345678@qq.com", "1**********@qq.com", &[Email]),
            (
                "zhang13812345678@163.com",
                "z***************@163.com",
                &[Email],
            ),
            (
                "138 1234 5678zhang@x.com",
                "138 **** 5678z****@x.com",
                &[Mobile, Email],
            ),
            ("𠀀@x.com", "**@x.com", &[Email]),
            ("a@b.cn和c@d.cn", "*@b.cn和*@d.cn", &[Email, Email]),
        ],
    ),
    (
        "left as they are",
        &[
            (
                "订单号20260101381234567800",
                "订单号20260101381234567800",
                &[],
            ),
            ("2026-12-02", "2026-12-02", &[]),
            ("2026-11-23 下午3点", "2026-11-23 下午3点", &[]),
            (
                "2026-12-02 13812345678",
                "2026-12-02 138****5678",
                &[Mobile],
            ),
            (
                "13812345678 2026-12-02",
                "138****5678 2026-12-02",
                &[Mobile],
            ),
            ("12345 13812345678", "12345 138****5678", &[Mobile]),
            ("3.50元", "3.50元", &[]),
            ("报警110，邮编12345", "报警110，邮编12345", &[]),
            ("10:30", "10:30", &[]),
            ("1,234,567", "1,234,567", &[]),
            ("192.168.1.1", "192.168.1.1", &[]),
            ("房号1-2-301", "房号1-2-301", &[]),
            ("3栋2单元501", "3栋2单元501", &[]),
            ("12345678901", "12345678901", &[]),
            ("138123456789", "138123456789", &[]),
            ("0086", "0086", &[]),
            ("@qq.com x@y a@b.c", "@qq.com x@y a@b.c", &[]),
            ("谢谢物业@王经理。明天见", "谢谢物业@王经理。明天见", &[]),
            ("", "", &[]),
        ],
    ),
];

#[test]
fn table() {
    let mut failures = Vec::new();
    for (theme, cases) in CASES {
        for &(input, want, kinds) in *cases {
            let r = mask(input);
            let got: Vec<MaskKind> = r.masked.iter().map(|m| m.kind).collect();
            if (r.text.as_str(), got.as_slice()) != (want, kinds) {
                failures.push(format!("{theme}: {input:?} → {:?} {got:?}", r.text));
            }
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

/// Same length; spans in order, apart, each hiding something and only `*` hidden inside.
#[test]
fn spans_hold() {
    for (_, cases) in CASES {
        for &(input, _, _) in *cases {
            let r = mask(input);
            let (a, b): (Vec<u16>, Vec<u16>) = (
                input.encode_utf16().collect(),
                r.text.encode_utf16().collect(),
            );
            assert_eq!(a.len(), b.len(), "{input}");
            let mut last = 0;
            for m in &r.masked {
                let (s, e) = (m.start as usize, m.end as usize);
                assert!(last <= s && s < e && e <= a.len(), "{input}");
                assert!(a[s..e] != b[s..e], "{input}: nothing hidden in {m:?}");
                last = e;
            }
            for (i, (x, y)) in a.iter().zip(&b).enumerate() {
                if x != y {
                    assert_eq!(*y, u16::from(b'*'), "{input}");
                    assert!(r
                        .masked
                        .iter()
                        .any(|m| (m.start as usize..m.end as usize).contains(&i)));
                }
            }
        }
    }
}

#[test]
fn offsets_are_utf16() {
    let r = mask("😀a@bc.cn, x@y");
    assert_eq!(r.text, "😀*@bc.cn, x@y");
    assert_eq!((r.masked[0].start, r.masked[0].end), (2, 9));
    let r = mask("😀13812345678");
    assert_eq!((r.masked[0].start, r.masked[0].end), (2, 13));
    let r = mask("+86 138 1234 5678");
    assert_eq!((r.masked[0].start, r.masked[0].end), (1, 17));
    let r = mask("ID11010519491231002X。");
    assert_eq!((r.masked[0].start, r.masked[0].end), (2, 20));
    let r = mask("（0755）86013388-123");
    assert_eq!((r.masked[0].start, r.masked[0].end), (1, 14));
}

/// Million-character texts of numbers, separators and addresses: one pass each.
#[test]
fn long_texts_finish() {
    let start = std::time::Instant::now();
    for (piece, count) in [
        ("13812345678 ", 83_333),
        ("1 ", 500_000),
        ("1", 1_000_000),
        ("138\u{200b}", 250_000),
        ("0755-86013388-", 71_428),
        ("4111 ", 200_000),
        ("a@b.cn ", 142_857),
        ("a@", 500_000),
        ("张@", 500_000),
        ("a.", 500_000),
        ("1X", 500_000),
    ] {
        let text = piece.repeat(count);
        let r = mask(&text);
        assert_eq!(r.text.len(), text.len(), "{piece}");
    }
    assert_eq!(mask(&"13812345678 ".repeat(1000)).masked.len(), 1000);
    assert_eq!(mask(&"a@b.cn ".repeat(1000)).masked.len(), 1000);
    assert!(start.elapsed().as_secs() < 60);
}

#[test]
fn never_panics() {
    let pieces = [
        "1", "3", "8", "0", "86", "+", "X", "ｘ", "@", "＠", ".", "．", "-", " ", "\u{200b}", "a",
        "张", "𠀀", "cn", "中国", "(", "）", "１",
    ];
    let mut seed = 12345u64;
    for _ in 0..20_000 {
        let mut text = String::new();
        for _ in 0..(seed % 30) {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            text.push_str(pieces[(seed >> 33) as usize % pieces.len()]);
        }
        let r = mask(&text);
        assert_eq!(r.text.encode_utf16().count(), text.encode_utf16().count());
        let mut last = 0;
        for m in &r.masked {
            assert!(last <= m.start && m.start < m.end);
            last = m.end;
        }
    }
}
