//! Keyword tables and the single-pass, allocation-free keyword matcher.
//!
//! Every keyword is written in folded form (see [`fold`]); a unit test checks
//! it. The tables are merged at compile time into one array bucketed by a
//! hash of the keyword's first two characters, so matching at a text
//! position only looks at the handful of keywords that can start there.
//! [`STARTS`] and [`SCAN_BYTE`], also built at compile time, say in a table
//! lookup or two whether any keyword can start at a position at all, so
//! that most positions are skipped without a bucket lookup; [`ASCII_PAIRS`],
//! derived from the buckets on first use, lists the keywords to try by
//! their first two (three, four) characters when these are ASCII, in the
//! order the bucket scan tries them, ready for comparing eight bytes at
//! once.

/// What a keyword says about a nearby number.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Class {
    /// Marks a verification code; the weight (0..=100) is how strongly.
    Pos(u8),
    /// A kind of code that is not a verification code ("promo code", "zip
    /// code", "优惠码"): positive keywords it overlaps are dropped.
    NegCode,
    /// Right before a number, makes it something else: a phone number
    /// ("call"), an order or tracking number, a card or account ("ending",
    /// "尾号"), an amount ("balance"), a booking ("PNR")...
    NegPrefix,
    /// Like [`Class::NegPrefix`] but naming what a code may be *for* ("your
    /// account", "لحساب", "طلب" (order, request)): ignored when a code keyword
    /// comes first in the same sentence and a connector ("is", ":", "هو")
    /// leads to the number ("the code for your account is 123456").
    NegContext,
    /// Right after a number, makes it an amount, a quantity or a year
    /// ("р.", "MB", "годом", "บาท").
    NegSuffix,
    /// Marketing wording: alphanumeric codes are not trusted in such a
    /// message, numbers are penalized.
    Promo,
}

/// Where a keyword may match.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Mode {
    /// Anywhere, inside words too (CJK, Thai, Arabic script, and Latin
    /// compounds such as "Sicherheitscode", "passcode", "verifieringskod").
    Any,
    /// At a word start; the word may continue (a stem: "verif", "подтвержд").
    Start,
    /// A whole word.
    Word,
}

/// One keyword.
#[derive(Clone, Copy, Debug)]
pub(super) struct Kw {
    /// Folded text; a space matches one whitespace character or a hyphen.
    pub(super) text: &'static str,
    /// Its first three characters, `'\0'`-padded: a cheap filter before
    /// the full comparison.
    pub(super) head: [char; 3],
    pub(super) class: Class,
    pub(super) mode: Mode,
}

use std::sync::LazyLock;

/// Strong "this is the code" words.
const S: u8 = 100;
/// Password / PIN words.
const P: u8 = 90;
/// "One-time" words.
const M: u8 = 70;
/// Weak words: verify, confirm, log in.
const W: u8 = 40;

use Mode::{Any, Start, Word};

/// Positive keywords: (text, weight, mode).
const POS: &[(&str, u8, Mode)] = &[
    // English and Latin-script compounds.
    ("code", S, Any),
    ("kod", S, Any),
    ("otp", S, Start),
    ("pin", P, Word),
    ("password", P, Any),
    ("passwort", P, Any),
    ("kennwort", P, Any),
    ("tan", P, Word),
    ("mtan", P, Word),
    ("smstan", P, Word),
    ("sms tan", P, Word),
    ("pushtan", P, Word),
    ("tac", P, Word),
    ("one time", M, Start),
    ("onetime", M, Start),
    ("verif", W, Start),
    ("confirm", W, Start),
    ("sign in", W, Start),
    ("login", W, Start),
    ("log in", W, Start),
    ("authenticat", W, Start),
    ("2 step", W, Start),
    ("two step", W, Start),
    ("2fa", W, Word),
    // "Log in" in other languages (weak, like "login").
    ("iniciar sesión", W, Start),
    ("iniciar sesion", W, Start),
    ("entrar", W, Word),
    ("acessar", W, Word),
    ("connexion", W, Start),
    ("se connecter", W, Start),
    ("anmeld", W, Start),
    ("einlogg", W, Start),
    ("accedere", W, Word),
    ("вход", W, Start),
    ("вхід", W, Start),
    ("входу", W, Start),
    ("giriş", W, Start),
    ("giris", W, Start),
    ("masuk", W, Word),
    ("logowani", W, Start),
    ("zaloguj", W, Start),
    ("inloggen", W, Start),
    ("đăng nhập", W, Start),
    ("dang nhap", W, Start),
    ("登录", W, Any),
    ("登入", W, Any),
    ("登陆", W, Any),
    ("ログイン", W, Any),
    ("로그인", W, Any),
    ("تسجيل الدخول", W, Any),
    ("लॉगिन", W, Start),
    // Spanish, Portuguese.
    ("código", S, Start),
    ("codigo", S, Start),
    ("clave", P, Start),
    ("contraseña", P, Start),
    ("contrasena", P, Start),
    ("un solo uso", M, Start),
    ("senha", P, Start),
    ("uso único", M, Start),
    ("uso unico", M, Start),
    // French.
    ("mot de passe", P, Start),
    ("usage unique", M, Start),
    ("vérif", W, Start),
    ("validation", W, Start),
    // German, Dutch, Scandinavian.
    ("bestätigung", W, Start),
    ("bestaetigung", W, Start),
    ("wachtwoord", P, Any),
    ("lösenord", P, Start),
    ("engångs", M, Start),
    // Italian, Romanian.
    ("codice", S, Start),
    ("conferm", W, Start),
    ("cod", S, Word),
    ("codul", S, Start),
    ("parola", P, Start),
    // Polish, Czech, Slovak.
    ("hasło", P, Start),
    ("haslo", P, Start),
    ("jednorazow", M, Start),
    ("weryfikac", W, Start),
    ("autoryzac", W, Start),
    ("kód", S, Start),
    ("heslo", P, Start),
    ("ověř", W, Start),
    ("overov", W, Start),
    // Turkish.
    ("doğrulama", W, Start),
    ("dogrulama", W, Start),
    ("şifre", P, Start),
    ("sifre", P, Start),
    ("tek kullanimlik", M, Start),
    ("onay", W, Start),
    // Indonesian, Malay.
    ("sandi", P, Start),
    ("pengesahan", W, Start),
    // Vietnamese.
    ("mã", S, Word),
    ("xác thực", W, Start),
    ("xác minh", W, Start),
    ("xac thuc", W, Start),
    ("xac minh", W, Start),
    ("mật khẩu", P, Start),
    ("mat khau", P, Start),
    // Russian, Ukrainian.
    ("код", S, Start),
    ("пароль", P, Start),
    ("пароля", P, Start),
    ("подтвержд", W, Start),
    ("підтвердж", W, Start),
    ("одноразов", M, Start),
    // Greek, Hebrew.
    ("κωδικ", S, Start),
    ("επαλ", W, Start),
    ("קוד", S, Any),
    ("אימות", W, Any),
    ("סיסמ", P, Any),
    // Arabic, Persian, Urdu.
    ("رمز", S, Any),
    ("كود", S, Any),
    ("تحقق", W, Any),
    ("تفعيل", W, Any),
    ("تأكيد", W, Any),
    ("كلمة المرور", P, Any),
    ("كلمة السر", P, Any),
    ("الرقم السري", P, Any),
    ("رقم سري", P, Any),
    ("رقم التعريف الشخصي", P, Any),
    ("لمرة واحدة", M, Any),
    ("کد", S, Start),
    ("تایید", W, Start),
    ("تأیید", W, Start),
    ("یکبار مصرف", M, Start),
    ("کوڈ", S, Start),
    ("تصدیق", W, Start),
    // Hindi, Marathi, Bengali, Tamil, Telugu.
    ("ओटीपी", S, Start),
    ("कोड", S, Start),
    ("सत्यापन", W, Start),
    ("पासवर्ड", P, Start),
    ("पिन", P, Start),
    ("वन टाइम", M, Start),
    ("কোড", S, Start),
    ("ওটিপি", S, Start),
    ("যাচাই", W, Start),
    ("পাসওয়ার্ড", P, Start),
    ("குறியீடு", S, Start),
    ("కోడ్", S, Start),
    // Chinese.
    ("验证码", S, Any),
    ("校验码", S, Any),
    ("驗證碼", S, Any),
    ("认证码", S, Any),
    ("認證碼", S, Any),
    ("确认码", S, Any),
    ("確認碼", S, Any),
    ("动态码", S, Any),
    ("動態碼", S, Any),
    ("安全码", S, Any),
    ("登录码", S, Any),
    ("短信码", S, Any),
    ("密码", P, Any),
    ("密碼", P, Any),
    ("口令", P, Any),
    ("验证", W, Any),
    ("驗證", W, Any),
    ("校验", W, Any),
    ("认证", W, Any),
    // Japanese.
    ("コード", S, Any),
    ("認証番号", S, Any),
    ("確認番号", S, Any),
    ("暗証番号", P, Any),
    ("パスワード", P, Any),
    ("認証", W, Any),
    ("確認", W, Any),
    // Korean.
    ("인증번호", S, Any),
    ("인증 번호", S, Any),
    ("인증코드", S, Any),
    ("확인코드", S, Any),
    ("확인번호", S, Any),
    ("보안코드", S, Any),
    ("비밀번호", P, Any),
    ("일회용", M, Any),
    ("인증", W, Any),
    // Thai.
    ("รหัส", S, Any),
    ("โค้ด", S, Any),
    ("ยืนยัน", W, Any),
];

/// Codes that are not verification codes.
const NEG_CODE: &[(&str, Mode)] = &[
    ("zip code", Start),
    ("confirmation number", Start),
    ("tax code", Start),
    ("confirmation no", Start),
    ("booking number", Start),
    ("reservation number", Start),
    ("número de confirmación", Start),
    ("numero de confirmacion", Start),
    ("número de confirmação", Start),
    ("numéro de confirmation", Start),
    ("bestätigungsnummer", Start),
    ("zipcode", Start),
    ("postcode", Start),
    ("post code", Start),
    ("postal code", Start),
    ("area code", Start),
    ("country code", Start),
    ("promo code", Start),
    ("promocode", Start),
    ("coupon code", Start),
    ("discount code", Start),
    ("voucher code", Start),
    ("referral code", Start),
    ("invite code", Start),
    ("invitation code", Start),
    ("gift code", Start),
    ("redeem code", Start),
    ("redemption code", Start),
    ("offer code", Start),
    ("qr code", Start),
    ("bar code", Start),
    ("barcode", Start),
    ("error code", Start),
    ("dress code", Start),
    ("source code", Start),
    ("tracking code", Start),
    ("booking code", Start),
    ("product code", Start),
    ("reference code", Start),
    ("ref code", Start),
    ("sort code", Start),
    ("pincode", Start),
    ("código postal", Start),
    ("codigo postal", Start),
    ("código promocional", Start),
    ("codigo promocional", Start),
    ("código de descuento", Start),
    ("codigo de descuento", Start),
    ("código de desconto", Start),
    ("código de seguimiento", Start),
    ("codigo de seguimiento", Start),
    ("código de rastreio", Start),
    ("codigo de rastreio", Start),
    ("código de rastreamento", Start),
    ("código de barras", Start),
    ("código de área", Start),
    ("código de pedido", Start),
    ("código do pedido", Start),
    ("código de reserva", Start),
    ("code promo", Start),
    ("code postal", Start),
    ("code de réduction", Start),
    ("code réduction", Start),
    ("code de suivi", Start),
    ("code barre", Start),
    ("code client", Start),
    ("code de parrainage", Start),
    ("gutscheincode", Start),
    ("rabattcode", Start),
    ("aktionscode", Start),
    ("kortingscode", Start),
    ("actiecode", Start),
    ("rabattkod", Start),
    ("codice sconto", Start),
    ("codice promozionale", Start),
    ("codice fiscale", Start),
    ("codice postale", Start),
    ("codice di tracciamento", Start),
    ("codice ordine", Start),
    ("codice coupon", Start),
    ("codice a barre", Start),
    ("промокод", Start),
    ("код города", Start),
    ("код заказа", Start),
    ("код товара", Start),
    ("код отслеживания", Start),
    ("штрих код", Start),
    ("штрихкод", Start),
    ("indirim kodu", Start),
    ("kupon kodu", Start),
    ("posta kodu", Start),
    ("promosyon kodu", Start),
    ("kampanya kodu", Start),
    ("takip kodu", Start),
    ("referans kodu", Start),
    ("kode promo", Start),
    ("kode voucher", Start),
    ("kode pos", Word),
    ("kode booking", Start),
    ("kode referral", Start),
    ("kode pembayaran", Start),
    ("kode kupon", Start),
    ("kode diskon", Start),
    ("kod promo", Start),
    ("kod baucar", Start),
    ("kod rabatowy", Start),
    ("kod pocztowy", Start),
    ("kod promocyjny", Start),
    ("mã giảm giá", Start),
    ("ma giam gia", Start),
    ("mã khuyến mãi", Start),
    ("ma khuyen mai", Start),
    ("mã đơn hàng", Start),
    ("ma don hang", Start),
    ("mã vận đơn", Start),
    ("ma van don", Start),
    ("mã bưu chính", Start),
    ("优惠码", Any),
    ("優惠碼", Any),
    ("兑换码", Any),
    ("邀请码", Any),
    ("推荐码", Any),
    ("二维码", Any),
    ("条形码", Any),
    ("邮政编码", Any),
    ("クーポンコード", Any),
    ("プロモーションコード", Any),
    ("qrコード", Any),
    ("バーコード", Any),
    ("할인코드", Any),
    ("쿠폰코드", Any),
    ("الرمز البريدي", Any),
    ("رمز الخصم", Any),
    ("كود الخصم", Any),
    ("كود خصم", Any),
    ("رمز ترويجي", Any),
    ("الرمز الترويجي", Any),
    ("کد پستی", Start),
    ("کد تخفیف", Start),
    ("کد رهگیری", Start),
    ("کد پیگیری", Start),
    ("کد ملی", Start),
    ("प्रोमो कोड", Start),
    ("पिन कोड", Start),
    ("รหัสอ้างอิง", Any),
    ("รหัสไปรษณีย์", Any),
    ("รหัสส่วนลด", Any),
    ("โค้ดส่วนลด", Any),
];

/// Words that, right before a number, make it something else.
const NEG_PREFIX: &[(&str, Mode)] = &[
    // Phone numbers and short codes.
    ("call", Start),
    ("dial", Start),
    ("phone", Start),
    ("tel", Word),
    ("tel.", Word),
    ("telephone", Start),
    ("mobile", Start),
    ("hotline", Start),
    ("helpline", Start),
    ("contact", Start),
    ("fax", Word),
    ("ring", Word),
    ("reply", Start),
    ("stop", Word),
    ("text", Start),
    ("sms to", Word),
    ("llama", Start),
    ("llame", Start),
    ("teléfono", Start),
    ("telefono", Start),
    ("ligue", Start),
    ("telefone", Start),
    ("appelez", Start),
    ("appeler", Start),
    ("téléphone", Start),
    ("tél", Word),
    ("anrufen", Start),
    ("rufen", Start),
    ("telefon", Start),
    ("chiama", Start),
    ("звоните", Start),
    ("позвоните", Start),
    ("телефон", Start),
    ("тел", Word),
    ("arayin", Start),
    ("müşteri hizmetleri", Start),
    ("hubungi", Start),
    ("telepon", Start),
    ("telp", Start),
    ("اتصل", Any),
    ("هاتف", Any),
    ("تماس", Any),
    ("कॉल", Start),
    ("电话", Any),
    ("致电", Any),
    ("客服", Any),
    ("热线", Any),
    ("電話", Any),
    ("전화", Any),
    ("โทร", Any),
    ("gọi", Word),
    ("goi", Word),
    ("zadzwoń", Start),
    ("bel", Word),
    // Orders, parcels, references, bookings, tickets.
    ("order", Start),
    ("ord", Word),
    ("tracking", Start),
    ("track", Word),
    ("awb", Word),
    ("shipment", Start),
    ("parcel", Start),
    ("package", Start),
    ("consignment", Start),
    ("waybill", Start),
    ("ref", Word),
    ("ref.", Word),
    ("reference", Start),
    ("invoice", Start),
    ("inv", Word),
    ("bill", Word),
    ("receipt", Start),
    ("ticket", Start),
    ("case", Word),
    ("complaint", Start),
    ("booking", Start),
    ("reservation", Start),
    ("pnr", Word),
    ("flight", Start),
    ("train", Start),
    ("bus", Word),
    ("room", Word),
    ("gate", Word),
    ("seat", Word),
    ("platform", Word),
    ("txn id", Word),
    ("trip id", Word),
    ("order id", Word),
    ("user id", Word),
    ("customer id", Word),
    ("transaction id", Word),
    ("id no", Word),
    ("no.", Word),
    ("nr", Word),
    ("nr.", Word),
    ("n°", Word),
    ("nº", Word),
    ("№", Any),
    ("pedido", Start),
    ("envío", Start),
    ("envio", Start),
    ("seguimiento", Start),
    ("factura", Start),
    ("reserva", Start),
    ("vuelo", Start),
    ("rastreio", Start),
    ("rastreamento", Start),
    ("fatura", Start),
    ("protocolo", Start),
    ("commande", Start),
    ("colis", Word),
    ("facture", Start),
    ("réservation", Start),
    ("suivi", Word),
    ("bestellung", Start),
    ("bestellnummer", Start),
    ("sendung", Start),
    ("paket", Start),
    ("rechnung", Start),
    ("buchung", Start),
    ("gleis", Word),
    ("zug", Word),
    ("kundennummer", Start),
    ("ordine", Start),
    ("spedizione", Start),
    ("fattura", Start),
    ("prenotazione", Start),
    ("volo", Word),
    ("заказ", Start),
    ("посылк", Start),
    ("отправлени", Start),
    ("трек", Start),
    ("рейс", Start),
    ("брони", Start),
    ("бронирован", Start),
    ("кабинет", Start),
    ("замовлення", Start),
    ("sipariş", Start),
    ("siparis", Start),
    ("kargo", Start),
    ("takip", Start),
    ("rezervasyon", Start),
    ("pesanan", Start),
    ("resi", Word),
    ("tagihan", Start),
    ("nomor", Word),
    ("zamówieni", Start),
    ("zamowieni", Start),
    ("przesyłk", Start),
    ("przesylk", Start),
    ("bestelling", Start),
    ("pakket", Start),
    ("شحن", Any),
    ("فاتورة", Any),
    ("حجز", Any),
    ("رقم", Any),
    ("شماره", Any),
    ("سفارش", Any),
    ("ऑर्डर", Start),
    ("订单", Any),
    ("快件", Any),
    ("运单", Any),
    ("单号", Any),
    ("编号", Any),
    ("车次", Any),
    ("航班", Any),
    ("注文番号", Any),
    ("予約番号", Any),
    ("問い合わせ番号", Any),
    ("주문번호", Any),
    ("예약번호", Any),
    ("승인번호", Any),
    ("พัสดุ", Any),
    ("คำสั่งซื้อ", Any),
    ("หมายเลข", Any),
    ("đơn hàng", Start),
    ("don hang", Start),
    // Cards, accounts, balances, amounts.
    ("a/c", Word),
    ("card", Start),
    ("ending", Word),
    ("ends", Word),
    ("last", Word),
    ("iban", Word),
    ("balance", Start),
    ("bal", Word),
    ("avl", Word),
    ("limit", Start),
    ("lmt", Word),
    ("amount", Start),
    ("total", Word),
    ("due", Word),
    ("price", Word),
    ("cost", Word),
    ("loan", Word),
    ("policy", Word),
    ("tarjeta", Start),
    ("terminada", Start),
    ("saldo", Start),
    ("importe", Start),
    ("monto", Start),
    ("cartão", Start),
    ("cartao", Start),
    ("final", Word),
    ("valor", Word),
    ("carte", Start),
    ("solde", Start),
    ("montant", Start),
    ("se terminant", Start),
    ("karte", Start),
    ("betrag", Start),
    ("carta", Start),
    ("importo", Start),
    ("карт", Start),
    ("баланс", Start),
    ("сумм", Start),
    ("списание", Start),
    ("зачисление", Start),
    ("картк", Start),
    ("kart", Word),
    ("karti", Start),
    ("bakiye", Start),
    ("tutar", Start),
    ("kartu", Start),
    ("kad", Word),
    ("rach", Word),
    ("tk", Word),
    ("số dư", Start),
    ("so du", Start),
    ("sd", Word),
    ("بطاق", Any),
    ("المنتهية", Any),
    ("رصيد", Any),
    ("مبلغ", Any),
    ("کارت", Any),
    ("खाता", Start),
    ("खाते", Start),
    ("कार्ड", Start),
    ("बैलेंस", Start),
    ("राशि", Start),
    ("尾号", Any),
    ("卡号", Any),
    ("余额", Any),
    ("金额", Any),
    ("カード", Any),
    ("口座", Any),
    ("残高", Any),
    ("카드", Any),
    ("잔액", Any),
    ("ยอด", Any),
    // Everything else that numbers things.
    ("level", Start),
    ("score", Start),
    ("points", Word),
    ("steps", Word),
    ("building", Start),
    ("apt", Word),
    ("suite", Word),
    ("contestant", Start),
    ("vote", Start),
    ("meter", Start),
    ("reading", Word),
    ("model", Start),
    ("version", Start),
    ("since", Word),
    ("zip", Word),
    ("postcode", Word),
];

/// What a code may be for, and what numbers things too: see
/// [`Class::NegContext`].
const NEG_CONTEXT: &[(&str, Mode)] = &[
    ("account", Start),
    ("acct", Word),
    ("cuenta", Start),
    ("compte", Start),
    ("konto", Start),
    ("conto", Start),
    ("счет", Start),
    ("рахун", Start),
    ("hesap", Start),
    ("rekening", Start),
    ("akaun", Start),
    ("rachunek", Start),
    ("tài khoản", Start),
    ("tai khoan", Start),
    ("حساب", Any),
    ("طلب", Any),
    ("账户", Any),
    ("帐户", Any),
    ("账号", Any),
    ("계좌", Any),
    ("บัญชี", Any),
    ("conta", Word),
];

/// Words that, right after a number, make it an amount, a quantity or a
/// year.
const NEG_SUFFIX: &[(&str, Mode)] = &[
    ("р", Word),
    ("р.", Word),
    ("руб", Start),
    ("₽", Any),
    ("rub", Word),
    ("грн", Start),
    ("uah", Word),
    ("тг", Word),
    ("сум", Word),
    ("$", Any),
    ("usd", Word),
    ("€", Any),
    ("eur", Word),
    ("euro", Start),
    ("£", Any),
    ("gbp", Word),
    ("¥", Any),
    ("jpy", Word),
    ("元", Any),
    ("円", Any),
    ("원", Any),
    ("₩", Any),
    ("cny", Word),
    ("rmb", Word),
    ("₹", Any),
    ("inr", Word),
    ("rs", Word),
    ("tl", Word),
    ("₺", Any),
    ("aed", Word),
    ("sar", Word),
    ("ريال", Any),
    ("درهم", Any),
    ("دينار", Any),
    ("جنيه", Any),
    ("ر.س", Any),
    ("تومان", Any),
    ("kes", Word),
    ("ksh", Word),
    ("ngn", Word),
    ("zar", Word),
    ("rp", Word),
    ("idr", Word),
    ("rm", Word),
    ("myr", Word),
    ("sgd", Word),
    ("thb", Word),
    ("บาท", Any),
    ("vnd", Word),
    ("đ", Word),
    ("dong", Word),
    ("pln", Word),
    ("zł", Word),
    ("zl", Word),
    ("czk", Word),
    ("kč", Word),
    ("huf", Word),
    ("mxn", Word),
    ("brl", Word),
    ("reais", Word),
    ("pesos", Word),
    ("dollar", Start),
    ("euros", Word),
    ("рубл", Start),
    ("гривен", Start),
    ("lira", Word),
    ("৳", Any),
    ("pkr", Word),
    ("روپے", Any),
    ("тенге", Word),
    ("mb", Word),
    ("gb", Word),
    ("kb", Word),
    ("km", Word),
    ("kg", Word),
    ("m3", Word),
    ("m²", Word),
    ("°", Any),
    ("%", Any),
    ("points", Word),
    ("pts", Word),
    ("steps", Word),
    ("miles", Word),
    ("years", Word),
    ("year", Word),
    ("yrs", Word),
    ("ans", Word),
    ("años", Word),
    ("anos", Word),
    ("jahre", Start),
    ("лет", Word),
    ("год", Start),
    ("yil", Start),
    ("tahun", Word),
    ("साल", Start),
    ("سنة", Any),
    ("年", Any),
    ("am", Word),
    ("pm", Word),
    ("uhr", Word),
    ("hrs", Word),
    ("horas", Word),
    ("hours", Word),
    ("min", Word),
    ("mins", Word),
    ("minutes", Word),
    ("шт", Word),
    ("pcs", Word),
    ("items", Word),
];

/// Marketing words.
const PROMO: &[(&str, Mode)] = &[
    ("sale", Word),
    ("discount", Start),
    ("promo", Start),
    ("coupon", Start),
    ("voucher", Start),
    ("cashback", Start),
    ("checkout", Start),
    ("off", Word),
    ("deal", Word),
    ("deals", Word),
    ("rabatt", Start),
    ("gutschein", Start),
    ("angebot", Start),
    ("descuento", Start),
    ("oferta", Start),
    ("desconto", Start),
    ("promoção", Start),
    ("promocao", Start),
    ("cupom", Start),
    ("cupón", Start),
    ("soldes", Start),
    ("réduction", Start),
    ("sconto", Start),
    ("offerta", Start),
    ("скидк", Start),
    ("акци", Start),
    ("indirim", Start),
    ("kampanya", Start),
    ("diskon", Start),
    ("potongan", Start),
    ("rabat", Start),
    ("promocj", Start),
    ("korting", Start),
    ("aanbieding", Start),
    ("khuyen mai", Start),
    ("khuyến mãi", Start),
    ("giảm giá", Start),
    ("giam gia", Start),
    ("优惠", Any),
    ("打折", Any),
    ("折扣", Any),
    ("促销", Any),
    ("大促", Any),
    ("할인", Any),
    ("セール", Any),
    ("割引", Any),
    ("छूट", Any),
    ("कैशबैक", Any),
    ("خصم", Any),
    ("تخفيض", Any),
    ("تخفیف", Any),
    ("كوبون", Any),
    ("ลด", Any),
    ("โปรโมชั่น", Any),
];

/// All keywords, merged and bucketed at compile time.
pub(super) struct Table {
    kws: [Kw; TOTAL],
    /// `kws[start[b]..start[b + 1]]` are the keywords of bucket `b`, those
    /// matching anywhere ([`Mode::Any`]) first, up to `any_end[b]`.
    start: [u16; BUCKETS + 1],
    any_end: [u16; BUCKETS],
}

/// Buckets are keyed by a hash of the first two characters (a one-character
/// keyword by its character and `'\0'`).
const BUCKETS: usize = 1024;
const TOTAL: usize = POS.len()
    + NEG_CODE.len()
    + NEG_PREFIX.len()
    + NEG_CONTEXT.len()
    + NEG_SUFFIX.len()
    + PROMO.len();

/// The merged table.
pub(super) static TABLE: Table = Table::build();

impl Table {
    const EMPTY: Kw = Kw {
        text: "",
        head: ['\0'; 3],
        class: Class::Promo,
        mode: Mode::Any,
    };

    const fn build() -> Table {
        let mut all = [Self::EMPTY; TOTAL];
        let mut n = 0;
        let mut i = 0;
        while i < POS.len() {
            let (text, weight, mode) = POS[i];
            all[n] = Kw {
                text,
                head: head(text),
                class: Class::Pos(weight),
                mode,
            };
            n += 1;
            i += 1;
        }
        n = Self::append(&mut all, n, NEG_CODE, Class::NegCode);
        n = Self::append(&mut all, n, NEG_PREFIX, Class::NegPrefix);
        n = Self::append(&mut all, n, NEG_CONTEXT, Class::NegContext);
        n = Self::append(&mut all, n, NEG_SUFFIX, Class::NegSuffix);
        n = Self::append(&mut all, n, PROMO, Class::Promo);
        assert!(n == TOTAL);

        // Counting sort by bucket, keywords matching anywhere first.
        let mut start = [0u16; BUCKETS + 1];
        let mut any_count = [0u16; BUCKETS];
        i = 0;
        while i < TOTAL {
            let b = bucket_of(all[i].head[0], all[i].head[1]);
            start[b + 1] += 1;
            if matches!(all[i].mode, Mode::Any) {
                any_count[b] += 1;
            }
            i += 1;
        }
        let mut b = 0;
        let mut any_end = [0u16; BUCKETS];
        while b < BUCKETS {
            start[b + 1] += start[b];
            any_end[b] = start[b] + any_count[b];
            b += 1;
        }
        let mut next_any = [0u16; BUCKETS];
        let mut next_word = any_end;
        b = 0;
        while b < BUCKETS {
            next_any[b] = start[b];
            b += 1;
        }
        let mut kws = [Self::EMPTY; TOTAL];
        i = 0;
        while i < TOTAL {
            let b = bucket_of(all[i].head[0], all[i].head[1]);
            if matches!(all[i].mode, Mode::Any) {
                kws[next_any[b] as usize] = all[i];
                next_any[b] += 1;
            } else {
                kws[next_word[b] as usize] = all[i];
                next_word[b] += 1;
            }
            i += 1;
        }
        Table {
            kws,
            start,
            any_end,
        }
    }

    const fn append(
        all: &mut [Kw; TOTAL],
        mut n: usize,
        list: &[(&'static str, Mode)],
        class: Class,
    ) -> usize {
        let mut i = 0;
        while i < list.len() {
            let (text, mode) = list[i];
            all[n] = Kw {
                text,
                head: head(text),
                class,
                mode,
            };
            n += 1;
            i += 1;
        }
        n
    }

    /// The keywords that may start with the folded characters `c0 c1`
    /// (`c1` is `'\0'` for one-character keywords): all of them at a word
    /// start, only those matching anywhere elsewhere.
    #[inline]
    pub(super) fn bucket(&self, c0: char, c1: char, word_start: bool) -> &[Kw] {
        let b = bucket_of(c0, c1);
        let end = if word_start {
            self.start[b + 1]
        } else {
            self.any_end[b]
        };
        &self.kws[self.start[b] as usize..end as usize]
    }

    /// Every keyword (for tests).
    #[cfg(test)]
    pub(super) fn all(&self) -> &[Kw] {
        &self.kws
    }
}

#[inline]
const fn bucket_of(c0: char, c1: char) -> usize {
    ((c0 as u32).wrapping_mul(31).wrapping_add(c1 as u32) as usize) % BUCKETS
}

/// The first three characters of a non-empty string, `'\0'`-padded,
/// decoded in a const context.
const fn head(s: &str) -> [char; 3] {
    let b = s.as_bytes();
    let mut out = ['\0'; 3];
    let mut at = 0;
    let mut n = 0;
    while n < 3 && at < b.len() {
        let b0 = b[at] as u32;
        let (cp, len) = if b0 < 0x80 {
            (b0, 1)
        } else if b0 < 0xE0 {
            (((b0 & 0x1F) << 6) | (b[at + 1] as u32 & 0x3F), 2)
        } else if b0 < 0xF0 {
            (
                ((b0 & 0x0F) << 12) | ((b[at + 1] as u32 & 0x3F) << 6) | (b[at + 2] as u32 & 0x3F),
                3,
            )
        } else {
            (
                ((b0 & 0x07) << 18)
                    | ((b[at + 1] as u32 & 0x3F) << 12)
                    | ((b[at + 2] as u32 & 0x3F) << 6)
                    | (b[at + 3] as u32 & 0x3F),
                4,
            )
        };
        out[n] = match char::from_u32(cp) {
            Some(c) => c,
            None => panic!("invalid keyword"),
        };
        n += 1;
        at += len;
    }
    out
}

/// Case folding used for keyword matching: lowercase, plus the Turkish
/// dotless i as i, ё as е and the Greek final sigma as σ.
#[inline(always)]
pub(super) fn fold(c: char) -> char {
    let cp = c as u32;
    if cp < 0x80 {
        return c.to_ascii_lowercase();
    }
    // The busiest scripts without case: Hebrew to Myanmar (Arabic, Indic,
    // Thai), CJK punctuation, Kana and CJK, Hangul.
    if (0x0590..=0x109F).contains(&cp)
        || (0x3000..=0x9FFF).contains(&cp)
        || (0xAC00..=0xD7AF).contains(&cp)
    {
        return c;
    }
    fold_other(c)
}

/// [`fold`] of the other non-ASCII characters.
fn fold_other(c: char) -> char {
    let cp = c as u32;
    match cp {
        // More without case: Hangul Jamo, Latin-1 symbols and small
        // letters, general punctuation and currency signs, full-width
        // punctuation, emoji.
        0x1100..=0x11FF
        | 0x0080..=0x00BF
        | 0x00DF..=0x00FF
        | 0x2000..=0x20FF
        | 0xFF00..=0xFF20
        | 0x1F000..=0x1FAFF => return c,
        // Latin-1 capitals (not the multiplication sign).
        0x00C0..=0x00DE if cp != 0x00D7 => return char::from_u32(cp + 0x20).unwrap_or(c),
        // Cyrillic.
        0x0430..=0x044F | 0x0452..=0x045F => return c,
        0x0410..=0x042F => return char::from_u32(cp + 0x20).unwrap_or(c),
        _ => {}
    }
    match c {
        'ı' | 'İ' => 'i',
        'ё' | 'Ё' => 'е',
        'ς' => 'σ',
        _ => c.to_lowercase().next().unwrap_or(c),
    }
}

/// Pre-filter of the keyword scan: whether some keyword may start at a text
/// position, from the first two characters there in keyword form (folded,
/// whitespace and hyphens as `' '`, `'\0'` past the end; see
/// [`keyword_class`]). It answers with [`MAY_ANY`] and [`MAY_WORD`] flags and
/// is never wrong about a "no": a keyword whose first character is `k0` and
/// whose second is `k1` (or that has one character) sets its flags for
/// `(k0, k1)` (for `(k0, anything)`). A "maybe" is settled by the keyword
/// lists.
///
/// Why not an Aho-Corasick automaton (the `aho-corasick` crate): matching
/// is on folded characters (`İ`, `K` (Kelvin) fold to ASCII, whitespace
/// and hyphens to `' '`), stems and whole words have their own boundary
/// rules, and hits must come out in exactly the order the bucket scan gives
/// them (the scan stops at 96); an automaton would need a folded copy of the
/// text with an offset map and a re-sort, to replace what is, once most
/// positions are skipped, a couple of table lookups per byte.
pub(super) struct Starts {
    /// For an ASCII first character `k0`: bit `k1` set when a keyword
    /// matching anywhere ([`Mode::Any`]) may start with `k0 k1` (ASCII
    /// `k1`); all bits for a one-character keyword.
    any: [u128; 128],
    /// The same for keywords of every mode (what may match at a word start).
    word: [u128; 128],
    /// For an ASCII first character: the [`SINGLE`] flags of one-character
    /// keywords and the [`PAIR`] flags of keywords whose second character
    /// is not ASCII.
    ascii_first: [u8; 128],
    /// For a non-ASCII first character, by its low 12 bits (collisions only
    /// cost a closer look): the [`SINGLE`] and [`PAIR`] flags of the
    /// keywords starting with it.
    wide_first: [u8; WIDE_FIRST],
    /// The pairs of first two characters of the keywords not made of two
    /// ASCII characters, hashed ([`pair_hash`]) into a bit set.
    wide_pairs: [u64; WIDE_PAIRS / 64],
}

/// Shift of the flags of one-character keywords in [`Starts::ascii_first`]
/// and [`Starts::wide_first`] (they hold for any second character).
const SINGLE: u32 = 0;
/// Shift of the flags of longer keywords there (they hold when the pair is
/// in [`Starts::wide_pairs`]).
const PAIR: u32 = 2;

const WIDE_PAIRS: usize = 1 << 16;

/// The bit of the pair `k0 k1` in [`Starts::wide_pairs`].
#[inline]
const fn pair_hash(k0: char, k1: char) -> usize {
    let h = (k0 as u32).wrapping_mul(0x9E37_79B9) ^ (k1 as u32).wrapping_mul(0x85EB_CA6B);
    (h >> 16) as usize % WIDE_PAIRS
}

/// A [`Mode::Any`] keyword may start here.
pub(super) const MAY_ANY: u8 = 1;
/// A keyword may start here if this is a word start.
pub(super) const MAY_WORD: u8 = 2;

const WIDE_FIRST: usize = 4096;

/// The pre-filter, built at compile time.
pub(super) static STARTS: Starts = Starts::build();

/// ASCII characters in keyword form: lowercase, whitespace and `-` as `' '`
/// (what [`keyword_class`] gives for an ASCII character).
pub(super) static ASCII_CLASS: [u8; 128] = {
    let mut t = [0u8; 128];
    let mut b = 0;
    while b < 128 {
        let c = b as u8;
        t[b] = if c.is_ascii_whitespace() || c == b'-' {
            b' '
        } else {
            c.to_ascii_lowercase()
        };
        b += 1;
    }
    t
};

/// A text character in keyword form: folded, and whitespace or a hyphen
/// (what a space in a keyword matches) as `' '`.
#[inline]
pub(super) fn keyword_class(c: char) -> char {
    if is_keyword_space(c) { ' ' } else { fold(c) }
}

/// What a space in a keyword matches: whitespace or a hyphen.
#[inline]
pub(super) fn is_keyword_space(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_whitespace() || c == '-'
    } else {
        c.is_whitespace() || matches!(c, '\u{2010}' | '\u{2011}')
    }
}

impl Starts {
    const fn build() -> Starts {
        let mut s = Starts {
            any: [0; 128],
            word: [0; 128],
            ascii_first: [0; 128],
            wide_first: [0; WIDE_FIRST],
            wide_pairs: [0; WIDE_PAIRS / 64],
        };
        let mut i = 0;
        while i < POS.len() {
            s.add(POS[i].0, POS[i].2);
            i += 1;
        }
        s.add_all(NEG_CODE);
        s.add_all(NEG_PREFIX);
        s.add_all(NEG_CONTEXT);
        s.add_all(NEG_SUFFIX);
        s.add_all(PROMO);
        s
    }

    const fn add_all(&mut self, list: &[(&str, Mode)]) {
        let mut i = 0;
        while i < list.len() {
            self.add(list[i].0, list[i].1);
            i += 1;
        }
    }

    const fn add(&mut self, text: &str, mode: Mode) {
        let [c0, c1, _] = head(text);
        let any = matches!(mode, Mode::Any);
        let flags = if any { MAY_ANY | MAY_WORD } else { MAY_WORD };
        let (k0, k1) = (c0 as u32, c1 as u32);
        let first = if k0 < 128 {
            &mut self.ascii_first[k0 as usize]
        } else {
            &mut self.wide_first[k0 as usize % WIDE_FIRST]
        };
        if k1 == 0 {
            *first |= flags << SINGLE;
        } else if k0 >= 128 || k1 >= 128 {
            *first |= flags << PAIR;
            let h = pair_hash(c0, c1);
            self.wide_pairs[h / 64] |= 1 << (h % 64);
        }
        if k0 < 128 {
            let k0 = k0 as usize;
            let bits = if k1 == 0 {
                u128::MAX
            } else if k1 < 128 {
                1 << k1
            } else {
                0
            };
            if any {
                self.any[k0] |= bits;
            }
            self.word[k0] |= bits;
        }
    }

    /// The flags for the first two characters `k0 k1` (in keyword form,
    /// `k1` `'\0'` past the end).
    #[inline]
    pub(super) fn flags(&self, k0: char, k1: char) -> u8 {
        let (c0, c1) = (k0 as u32, k1 as u32);
        if c0 < 128 && c1 < 128 {
            let any = (self.any[c0 as usize] >> c1) as u8 & 1;
            let word = (self.word[c0 as usize] >> c1) as u8 & 1;
            return (any * MAY_ANY) | (word * MAY_WORD);
        }
        let first = if c0 < 128 {
            self.ascii_first[c0 as usize]
        } else {
            self.wide_first[c0 as usize % WIDE_FIRST]
        };
        let mut flags = (first >> SINGLE) & 3;
        if (first >> PAIR) & 3 != 0 {
            let h = pair_hash(k0, k1);
            if (self.wide_pairs[h / 64] >> (h % 64)) & 1 != 0 {
                flags |= (first >> PAIR) & 3;
            }
        }
        flags
    }

    /// Whether a keyword may start with the non-ASCII character `k0` (in
    /// keyword form) at all.
    #[inline]
    pub(super) fn wide_first(&self, k0: char) -> bool {
        self.wide_first[k0 as usize % WIDE_FIRST] != 0
    }
}

/// Bits of [`SCAN_BYTE`].
pub(super) const B_ALNUM: u8 = 1;
/// A [`Mode::Any`] keyword may start with this ASCII character.
pub(super) const B_ANY: u8 = 2;
/// Some keyword may start with this ASCII character (at a word start).
pub(super) const B_WORD: u8 = 4;
/// Not ASCII: decode the character.
pub(super) const B_WIDE: u8 = 8;

/// What the keyword scan needs to know of a byte first: whether it is an
/// ASCII letter or digit (the next position is then no word start), whether
/// a keyword may start with it, anywhere or at a word start only, or whether
/// it starts a non-ASCII character. Most bytes are skipped on this alone.
pub(super) static SCAN_BYTE: [u8; 256] = {
    let starts = Starts::build();
    let mut t = [B_WIDE; 256];
    let mut b = 0;
    while b < 128 {
        let k0 = ASCII_CLASS[b] as usize;
        let mut f = 0;
        if (b as u8).is_ascii_alphanumeric() {
            f |= B_ALNUM;
        }
        let first = starts.ascii_first[k0];
        if starts.any[k0] != 0 || first & (MAY_ANY << SINGLE | MAY_ANY << PAIR) != 0 {
            f |= B_ANY;
        }
        if starts.word[k0] != 0 || first != 0 {
            f |= B_WORD;
        }
        t[b] = f;
        b += 1;
    }
    t
};

/// The keywords the bucket scan tries, in its order, at a position whose
/// first two characters are ASCII in keyword form (`k1` is `0` past the
/// end): those of the bucket of `k0 k1`, then those of the bucket of `k0`
/// alone, each kept when its first two characters agree (so a
/// one-character keyword is tried twice at the end of the text, where both
/// buckets are the same one). When no keyword of a pair is shorter than
/// three characters, its list is split further by the (ASCII) third
/// character, order kept, and a list of a triple longer than [`SPLIT`] by
/// the fourth (keywords of three characters in each part). Still to check:
/// the mode against the word start, the rest of the keyword.
pub(super) struct AsciiPairs {
    /// For `k0 * 128 + k1`: 1 + the index in `pairs` of that pair, 0 when
    /// no keyword starts with it.
    index: Vec<u16>,
    pairs: Vec<Pair>,
    /// The keywords of the third characters of the pairs that have them
    /// ([`Pair::thirds`]).
    triples: Vec<Triple>,
    /// The keywords of the fourth characters of the triples that have them
    /// ([`Triple::fourths`]).
    quads: Vec<List>,
    kws: Vec<PairKw>,
    /// `[prefix, mask]` of each of `kws`, side by side for a tight first
    /// filter.
    heads: Vec<[u64; 2]>,
}

/// The keywords of one ASCII pair.
struct Pair {
    all: List,
    /// When none of its keywords is shorter than three characters:
    /// `triples[thirds.0..]` split them by their third character (the
    /// ASCII ones; others have only the whole list), in the order of the
    /// characters, which `thirds.1` has a bit set for each.
    thirds: Option<(u16, u128)>,
}

/// The keywords of one ASCII triple.
#[derive(Clone, Copy)]
struct Triple {
    list: List,
    /// When the list is longer than [`SPLIT`]: `quads[fourths.0..]` split
    /// it by the (ASCII) fourth character, in the order of the characters,
    /// which `fourths.1` has a bit set for each; each keeps the keywords of
    /// three characters too, which are all `fourths.2` keeps.
    fourths: Option<(u16, u128, List)>,
}

/// The length from which a list of a triple is split further.
const SPLIT: usize = 4;

/// A list of keywords: `kws[start..end]`, and the [`MAY_ANY`] and
/// [`MAY_WORD`] flags of their modes.
#[derive(Clone, Copy)]
struct List {
    start: u16,
    end: u16,
    flags: u8,
}

/// A keyword of [`AsciiPairs`], with its first bytes ready for comparing
/// eight bytes of text in keyword form ([`ASCII_CLASS`]) at once.
#[derive(Clone, Copy)]
pub(super) struct PairKw {
    pub(super) kw: Kw,
    /// Its first eight bytes (fewer: zero-padded), little-endian, as far
    /// as they are ASCII other than a hyphen or whitespace but a space:
    /// where the text is ASCII, its bytes in keyword form must equal them.
    pub(super) prefix: u64,
    /// The bytes of `prefix` that count.
    pub(super) mask: u64,
    /// Its length in bytes if it is ASCII without a hyphen nor whitespace
    /// other than spaces (then text bytes in keyword form equal to it are
    /// a match), 0 otherwise (compare character by character).
    pub(super) ascii_len: u8,
}

impl PairKw {
    fn new(kw: Kw) -> PairKw {
        let bytes = kw.text.as_bytes();
        let plain = bytes
            .iter()
            .all(|&b| b.is_ascii() && b != b'-' && (b == b' ' || !b.is_ascii_whitespace()));
        // The leading bytes a text byte in keyword form must equal (where
        // the text is ASCII): ASCII, no hyphen, no whitespace but spaces.
        let mut prefix = 0u64;
        let mut mask = 0u64;
        for (j, &b) in bytes.iter().take(8).enumerate() {
            if !b.is_ascii() || b == b'-' || (b != b' ' && b.is_ascii_whitespace()) {
                break;
            }
            prefix |= u64::from(b) << (8 * j);
            mask |= 0xFF << (8 * j);
        }
        PairKw {
            kw,
            prefix,
            mask,
            ascii_len: if plain {
                u8::try_from(bytes.len()).unwrap_or(0)
            } else {
                0
            },
        }
    }
}

/// The lists of [`AsciiPairs`], made from [`TABLE`] on first use.
pub(super) static ASCII_PAIRS: LazyLock<AsciiPairs> = LazyLock::new(AsciiPairs::build);

impl AsciiPairs {
    fn build() -> AsciiPairs {
        let mut index = vec![0u16; 128 * 128];
        let mut pairs = Vec::new();
        let mut triples = Vec::new();
        let mut quads = Vec::new();
        let mut kws: Vec<PairKw> = Vec::new();
        let as_u16 = |n: usize| u16::try_from(n).expect("fewer than 65536 entries");
        let push = |kws: &mut Vec<PairKw>, list: &mut dyn Iterator<Item = PairKw>| {
            let start = as_u16(kws.len());
            let mut flags = 0;
            for k in list {
                flags |= if k.kw.mode == Mode::Any {
                    MAY_ANY | MAY_WORD
                } else {
                    MAY_WORD
                };
                kws.push(k);
            }
            List {
                start,
                end: as_u16(kws.len()),
                flags,
            }
        };
        for k0 in 0..128u8 {
            let c0 = char::from(k0);
            for k1 in 0..128u8 {
                if (STARTS.word[usize::from(k0)] >> k1) & 1 == 0 {
                    // No keyword starts with `k0 k1`, nor with `k0` alone.
                    continue;
                }
                let c1 = char::from(k1);
                let agrees =
                    |kw: &&Kw| kw.head[0] == c0 && (kw.head[1] == '\0' || kw.head[1] == c1);
                let two = TABLE.bucket(c0, c1, true).iter();
                let one = TABLE.bucket(c0, '\0', true).iter();
                let list: Vec<PairKw> = two
                    .chain(one)
                    .filter(agrees)
                    .map(|&kw| PairKw::new(kw))
                    .collect();
                if list.is_empty() {
                    continue;
                }
                let all = push(&mut kws, &mut list.iter().copied());
                let mut thirds = None;
                if list.iter().all(|k| k.kw.head[2] != '\0') {
                    let from = as_u16(triples.len());
                    let mut set = 0u128;
                    for k2 in 1..128u8 {
                        let c2 = char::from(k2);
                        if !list.iter().any(|k| k.kw.head[2] == c2) {
                            continue;
                        }
                        let these: Vec<PairKw> = list
                            .iter()
                            .copied()
                            .filter(|k| k.kw.head[2] == c2)
                            .collect();
                        let whole = push(&mut kws, &mut these.iter().copied());
                        let mut fourths = None;
                        if these.len() > SPLIT {
                            // The fourth character, if the keyword has one
                            // that text in keyword form may equal.
                            let fourth = |k: &PairKw| {
                                k.kw.text
                                    .chars()
                                    .nth(3)
                                    .filter(|&c| c == ' ' || !(c == '-' || c.is_ascii_whitespace()))
                            };
                            let shorter = |k: &PairKw| {
                                let c = k.kw.text.chars().nth(3);
                                c.is_none() || fourth(k).is_none()
                            };
                            let from4 = as_u16(quads.len());
                            let mut set4 = 0u128;
                            for k3 in 1..128u8 {
                                let c3 = char::from(k3);
                                if !these.iter().any(|k| fourth(k) == Some(c3)) {
                                    continue;
                                }
                                let mut sub = these
                                    .iter()
                                    .copied()
                                    .filter(|k| fourth(k) == Some(c3) || shorter(k));
                                quads.push(push(&mut kws, &mut sub));
                                set4 |= 1 << k3;
                            }
                            let mut rest = these.iter().copied().filter(|k| shorter(k));
                            fourths = Some((from4, set4, push(&mut kws, &mut rest)));
                        }
                        triples.push(Triple {
                            list: whole,
                            fourths,
                        });
                        set |= 1 << k2;
                    }
                    thirds = Some((from, set));
                }
                pairs.push(Pair { all, thirds });
                index[usize::from(k0) * 128 + usize::from(k1)] = as_u16(pairs.len());
            }
        }
        let heads = kws.iter().map(|k| [k.prefix, k.mask]).collect();
        AsciiPairs {
            index,
            pairs,
            triples,
            quads,
            kws,
            heads,
        }
    }

    /// Whether some keyword may start with `k0 k1` ([`AsciiPairs::get`] has
    /// keywords for them).
    #[inline]
    pub(super) fn has(&self, k0: u8, k1: u8) -> bool {
        self.index[usize::from(k0 & 0x7F) * 128 + usize::from(k1 & 0x7F)] != 0
    }

    /// The keywords to try where the text starts with `k0 k1 k2` (in
    /// keyword form, `k0` and `k1` ASCII, `'\0'` past the end) and the
    /// character `k3()`, in the order of the bucket scan (all that may
    /// match, and maybe a few more), their `[prefix, mask]`, and the
    /// [`MAY_ANY`] and [`MAY_WORD`] flags of their modes.
    #[inline]
    pub(super) fn get(
        &self,
        k0: u8,
        k1: u8,
        k2: char,
        k3: impl FnOnce() -> char,
    ) -> (&[PairKw], &[[u64; 2]], u8) {
        let at = usize::from(k0 & 0x7F) * 128 + usize::from(k1 & 0x7F);
        let Some(pair) = self.index[at]
            .checked_sub(1)
            .map(|p| &self.pairs[usize::from(p)])
        else {
            return (&[], &[], 0);
        };
        let list = match pair.thirds {
            Some((from, set)) if k2.is_ascii() => {
                let k2 = k2 as u32;
                if (set >> k2) & 1 == 0 {
                    return (&[], &[], 0);
                }
                // The rank of `k2` among the third characters.
                let rank = (set & ((1u128 << k2) - 1)).count_ones() as usize;
                let triple = self.triples[usize::from(from) + rank];
                match triple.fourths {
                    Some((from, set, rest)) => match k3() {
                        k3 if !k3.is_ascii() => triple.list,
                        k3 if (set >> (k3 as u32)) & 1 == 0 => rest,
                        k3 => {
                            let k3 = k3 as u32;
                            let rank = (set & ((1u128 << k3) - 1)).count_ones() as usize;
                            self.quads[usize::from(from) + rank]
                        }
                    },
                    None => triple.list,
                }
            }
            _ => pair.all,
        };
        let range = usize::from(list.start)..usize::from(list.end);
        (&self.kws[range.clone()], &self.heads[range], list.flags)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fast_fold_agrees_with_to_lowercase() {
        for cp in 0..0x11_0000 {
            let Some(c) = char::from_u32(cp) else {
                continue;
            };
            let slow = match c {
                'ı' | 'İ' => 'i',
                'ё' | 'Ё' => 'е',
                'ς' => 'σ',
                _ => c.to_lowercase().next().unwrap_or(c),
            };
            assert_eq!(fold(c), slow, "{c:?}");
        }
    }

    #[test]
    fn keywords_are_folded_non_empty_bucketed_and_unique() {
        let all = TABLE.all();
        for (i, kw) in all.iter().enumerate() {
            assert!(
                !all[i + 1..]
                    .iter()
                    .any(|k| k.text == kw.text && k.class == kw.class),
                "duplicate keyword: {}",
                kw.text
            );
            assert!(!kw.text.is_empty());
            // The scan skips non-ASCII whitespace as a first character.
            assert!(!kw.text.starts_with(' '), "{:?}", kw.text);
            assert!(
                kw.text.chars().all(|c| fold(c) == c),
                "keyword not folded: {}",
                kw.text
            );
            let first = kw.text.chars().next().expect("non-empty");
            assert_eq!(first, kw.head[0]);
            let mut chars = kw.text.chars();
            for h in kw.head {
                assert_eq!(chars.next().unwrap_or('\0'), h);
            }
            let second = if kw.text.chars().count() == 1 {
                '\0'
            } else {
                kw.head[1]
            };
            assert!(
                TABLE
                    .bucket(first, second, true)
                    .iter()
                    .any(|k| k.text == kw.text),
                "keyword not in its bucket: {}",
                kw.text
            );
            assert_eq!(
                kw.mode == Mode::Any,
                TABLE
                    .bucket(first, second, false)
                    .iter()
                    .any(|k| k.text == kw.text),
                "keyword in the wrong half of its bucket: {}",
                kw.text
            );
        }
    }
}
