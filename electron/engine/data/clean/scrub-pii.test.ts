import { describe, expect, it } from 'vitest'
import { isCardNumber, luhnValid, scrubPii, scrubRows } from './scrub-pii.ts'

describe('PII scrubber', () => {
  it.each([
    ['Write to john.doe+spam@mail.example.co.uk today', 'Write to <EMAIL> today', 'EMAIL'],
    ['<jm@jmason.org> wrote:', '<<EMAIL>> wrote:', 'EMAIL'],
    ['mailto:sales@shop.com', 'mailto:<EMAIL>', 'EMAIL'],
    ['See https://example.com/a?b=1&c=2.', 'See <URL>.', 'URL'],
    ['(visit www.spam-offers.biz/now!)', '(visit <URL>!)', 'URL'],
    ['unsubscribe: http://x.com/u?e=bob@x.com', 'unsubscribe: <URL>', 'URL'],
    ['Received from 192.168.1.20 by mx', 'Received from <IP> by mx', 'IP'],
    ['server at 10.0.0.1.', 'server at <IP>.', 'IP'],
    ['v6 host 2001:db8:85a3::8a2e:370:7334 up', 'v6 host <IP> up', 'IP'],
    ['link-local fe80::1 only', 'link-local <IP> only', 'IP'],
    ['full 2001:0db8:0000:0000:0000:ff00:0042:8329', 'full <IP>', 'IP'],
    ['card 4111 1111 1111 1111 exp 12/27', 'card <CARD> exp 12/27', 'CARD'],
    ['mc 5500-0000-0000-0004.', 'mc <CARD>.', 'CARD'],
    ['amex 378282246310005', 'amex <CARD>', 'CARD'],
    ['amex 3782 822463 10005', 'amex <CARD>', 'CARD'],
    ['call (555) 123-4567 now', 'call <PHONE> now', 'PHONE'],
    ['call 555-123-4567 or 1-800-555-1234', 'call <PHONE> or <PHONE>', 'PHONE'],
    ['phone 555.123.4567', 'phone <PHONE>', 'PHONE'],
    ['ring +44 20 7946 0958 today', 'ring <PHONE> today', 'PHONE'],
    ['ring +1 (555) 123-4567', 'ring <PHONE>', 'PHONE'],
    ['fax: +49-30-1234567', 'fax: <PHONE>', 'PHONE'],
  ])('replaces %j', (input, output, kind) => {
    const r = scrubPii(input)
    expect(r.text).toBe(output)
    expect(r.found[kind as keyof typeof r.found]).toBeGreaterThanOrEqual(1)
  })

  it.each([
    ['version numbers', 'upgrade to 1.2.3.4.5 or 2.10.1'],
    ['dates', 'on 2024-01-15, 15.01.2024, 01/15/2024 and 2024.01.15'],
    ['times', 'at 12:30:45 or 09:00'],
    ['prices', 'only $1,234.56 or €99.99, 1 234 567 units'],
    ['a 16-digit number failing Luhn', 'order 4111 1111 1111 1112 shipped'],
    ['a plain 16-digit id failing Luhn', 'id 1234567890123456'],
    ['a spelled-out address', 'mail user at example dot com'],
    ['ISBN-13', 'ISBN 978-3-16-148410-0 and 9780306406157'],
    ['ISBN-10', 'ISBN 0-306-40615-2'],
    ['a C++ scope', 'std::vector and a::b'],
    ['a MAC address', 'mac 00:1A:2B:3C:4D:5E'],
    ['an at-handle and a bare host', '@sweeplab on example.com'],
    ['short numbers', 'room 101, ext. 4567, zip 02134'],
    ['an octet over 255', 'not an ip 256.1.1.1'],
  ])('leaves %s alone', (_what, input) => {
    const r = scrubPii(input)
    expect(r.text).toBe(input)
    expect(Object.values(r.found).every((n) => n === 0)).toBe(true)
  })

  it('counts each kind across rows and replaces only the kinds asked for', () => {
    const rows = [{ text: 'a@b.com and c@d.org' }, { text: 'none here' }, { text: 'x@y.net 10.1.1.1' }]
    const all = scrubRows(rows, 'text')
    expect(all.found).toEqual({ EMAIL: 3, URL: 0, IP: 1, CARD: 0, PHONE: 0 })
    expect(all.rowsChanged).toBe(2)
    const ipOnly = scrubRows(rows, 'text', new Set(['IP']))
    expect(ipOnly.rows[2]?.text).toBe('x@y.net <IP>')
  })

  it('checks card numbers with Luhn', () => {
    expect(luhnValid('4111111111111111')).toBe(true)
    expect(luhnValid('4111111111111112')).toBe(false)
    expect(luhnValid('79927398713')).toBe(true)
    expect(isCardNumber('4111-1111-1111-1111')).toBe(true)
    expect(isCardNumber('411111111111')).toBe(false) // 12 digits
  })
})
