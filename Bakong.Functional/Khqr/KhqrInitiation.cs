namespace Bakong.Functional;

/// <summary>Tag 01, the point of initiation: whether the QR is reusable or made for one payment.</summary>
public enum KhqrInitiation
{
    /// <summary><c>11</c>: a static QR, printed once and paid many times; it carries no amount.</summary>
    Static = 11,
    /// <summary><c>12</c>: a dynamic QR for one payment; it carries an amount and expires.</summary>
    Dynamic = 12,
}
