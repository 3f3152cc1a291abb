package com.aibang.egress.rego.builtins;

/**
 * A test PKI made with openssl for these tests only: a root CA and a leaf (SAN DNS
 * proxy.egress.test and URI spiffe://egress.test/proxy) valid for about a century, the leaf's
 * key (PKCS#8 and PKCS#1) and its certificate request.
 */
final class TestPki {
  private TestPki() {}

  static final String ROOT = """
      -----BEGIN CERTIFICATE-----
      MIIDVTCCAj2gAwIBAgIUAi221tXFMjcZSBjKXAII95HLNdUwDQYJKoZIhvcNAQEL
      BQAwMTEUMBIGA1UECgwLRWdyZXNzIFRlc3QxGTAXBgNVBAMMEEVncmVzcyBUZXN0
      IFJvb3QwIBcNMjYxMTI2MTAxNTUxWhgPMjEyNjExMDIxMDE1NTFaMDExFDASBgNV
      BAoMC0VncmVzcyBUZXN0MRkwFwYDVQQDDBBFZ3Jlc3MgVGVzdCBSb290MIIBIjAN
      BgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAu2iiPMaNN+tNp512np4NCAYs+paX
      Jy3u1vhxOPn1/qW+bw+l4QkgTqDNEk4Y9fXR3fQczWMWMMlKobixBUn4DAa8dwJP
      wafOPWc4lEBAHX24nEA4ms4+cTPKch3CYvEq2DB4SVro6VlO9Yw3ldZTxN5bNe3P
      oeeyNSQvN0ZjIN+2tbuWbkfp28gotYHHWTsD8SU9wSQSimD7XhCiCdYeYwI59iot
      tZEWLCW+rPl5GX1ktc4Nt3BE4el/eMRSoszmdvi4sWhT3yrweYgJeg7bS1dXGVtz
      QDtkoXdyEVwFJvHJeFHhTTZxQIdkAh9NSmRrnShuTZo853pj1rrVEzWMNwIDAQAB
      o2MwYTAdBgNVHQ4EFgQUbFX92CMTJo0FrOJ3z9ghvCK4ZBEwHwYDVR0jBBgwFoAU
      bFX92CMTJo0FrOJ3z9ghvCK4ZBEwDwYDVR0TAQH/BAUwAwEB/zAOBgNVHQ8BAf8E
      BAMCAQYwDQYJKoZIhvcNAQELBQADggEBAColOvvbRzwk5FC98VWfw3Ev+ZOoTo3N
      4fPmLFc5uUkBiTn9KHP7DwD6L1n8l7NUG3F5/TnPVavHsltRUMPaNJWUj9ADfgxx
      ozc95ryigk02yFxRa3evegI+t/Cgp74KJomm2pZC0vAHo74PDYZp85kuH89JUxCo
      d3PFqC5rw9sIqJu9+PSZEEX+ttY8eBTjPaV/l8dHTtPUWSi7xfFpXacpFCC8ivP+
      HV3LTB5lrkPsDxsudMvLr+KPaWIN6cIPUpZoEcgrMXR02xSrRIpXD7DWxMjqK86w
      bxvXHJuiuW4ZtWvTt62DI0LJ0DYHOYxLzaOI62iRxGXzNdOEv39H4Iw=
      -----END CERTIFICATE-----
      """;

  static final String LEAF = """
      -----BEGIN CERTIFICATE-----
      MIIDkTCCAnmgAwIBAgIUWZ83+1DPxcZ2TcoRWm+60hhhm90wDQYJKoZIhvcNAQEL
      BQAwMTEUMBIGA1UECgwLRWdyZXNzIFRlc3QxGTAXBgNVBAMMEEVncmVzcyBUZXN0
      IFJvb3QwIBcNMjYxMTI2MTAxNTUyWhgPMjEyNTA2MjAxMDE1NTJaMDoxCzAJBgNV
      BAYTAkdCMQ8wDQYDVQQKDAZFZ3Jlc3MxGjAYBgNVBAMMEXByb3h5LmVncmVzcy50
      ZXN0MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAkMFqevVQWHzirKfh
      RFuIfT1VOMqD6aClPLT1Cre1vNlUHIV95h5GmNRPCyKXxmGQypYQoFvjj4D0517e
      F/j3MqquitzooZR9vv6RR+qkt7BWHEVQWChwy5mq32STeiEZjK2onjt+RiKIQsyg
      hHOX6GJPvMLfNiwHJo8k4s5VXXX6NSO+vZXszpDQMyS0BfWgMoaSZhJdoW3croNw
      /GkoUXjzqDkt2DsdrWpbVpZbEZymFdc4gHgxxRxaAx0+oBls9vWQ4mJCw/guWgri
      mvf4VQI5p0iOsuA5ogFujp9Rpw5KOOEPhg1W+l2WjAZgwxI8/PajhQDNgnHKb8wJ
      2MpSIQIDAQABo4GVMIGSMDgGA1UdEQQxMC+CEXByb3h5LmVncmVzcy50ZXN0hhpz
      cGlmZmU6Ly9lZ3Jlc3MudGVzdC9wcm94eTAJBgNVHRMEAjAAMAsGA1UdDwQEAwIF
      oDAdBgNVHQ4EFgQUGakzmDukai0m767hMRIfXD4/AWMwHwYDVR0jBBgwFoAUbFX9
      2CMTJo0FrOJ3z9ghvCK4ZBEwDQYJKoZIhvcNAQELBQADggEBAJKtZgoZ7uUVawvr
      z8FY3PsrnWXR4DkNzErJCv3P/uD9mVq4YVqR7fhzTrH13iPeNOQqg63bY7Dcj2mj
      mZDkqVse0futd1e2cc/peS7ON1mNFfwbWBVXCqJXCAXwpgNsVKp0ZmuPmqAEl1fP
      hesN62QFaupc8Ecjb/5zAfk3TUfV2kP3bm+UMDD7+SudN/tG7/xPawRJq3bDFANl
      4AVL3bs+rDOsODxJCXhSoHnW+nA8r3D9hwvWzW4Huy1f8QRAPhmULS4rD8wWP9un
      W894rXHUQaemoPBbjg9wKOfwtKIZpu3VjSuXYUW6Ljhxb498v6CW4tNnbLYMx3PP
      gtmyrXY=
      -----END CERTIFICATE-----
      """;

  static final String LEAF_KEY_PKCS8 = """
      -----BEGIN PRIVATE KEY-----
      MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQCQwWp69VBYfOKs
      p+FEW4h9PVU4yoPpoKU8tPUKt7W82VQchX3mHkaY1E8LIpfGYZDKlhCgW+OPgPTn
      Xt4X+Pcyqq6K3OihlH2+/pFH6qS3sFYcRVBYKHDLmarfZJN6IRmMraieO35GIohC
      zKCEc5foYk+8wt82LAcmjyTizlVddfo1I769lezOkNAzJLQF9aAyhpJmEl2hbdyu
      g3D8aShRePOoOS3YOx2taltWllsRnKYV1ziAeDHFHFoDHT6gGWz29ZDiYkLD+C5a
      CuKa9/hVAjmnSI6y4DmiAW6On1GnDko44Q+GDVb6XZaMBmDDEjz89qOFAM2Cccpv
      zAnYylIhAgMBAAECggEACdi+T4LkZkCIgsogrq+zRyGm7GgKNRgyZUDB8mqwuBno
      eNAz0jV5A+hdQBqoTFxSpxUyKFZX0mkpP5vaa7MJza6ClPuV73fUXeufIk85ySz7
      jozAfF6z3YWkc/G5fnNF86XUdH8Dhe3PawvUV24thSc62VJAMMUp71uJXMxATk0f
      +XT8iInabnNoNWDTewvOuJlPVGpRGfjtz8WviN4hnTZ/DKYbkN0rIUAXYA5tntMf
      roK4zmuxZlVq6IcBAbhIPkxLX61McgJRvNwQhBr2j9DsChUT7rETcj/+jm2o560o
      8WhHgTYNZmGMGbny1BVb0+pn1aEREUl/Ww5R/f1g4QKBgQDBEdhY/eyjtvulbCWi
      oSb23yixYFGCkubn0gUxTnbnPSCfaWtRRxnuz37QW15OtrMowCwHPoTgJiS4oIxN
      0TyylcsQeAZcMlXk5pQyMvqFPfc09IkT0M5FZx820auK8/C9WCwWid8dEe/7rwtd
      lXGDu3ig6UwyPK8yfBxIJSkr5QKBgQC/8CGXvE71O//TGhaQFJF1vBudZEuBzUpx
      btcupmKqFvrw8w0/DVrWhf1sbD4J/HZ+9qoyr1+h5j32Qxo2evKqnKCWAkQ8Dovn
      4DzXNzV1Ojd5NogButk12RBXTChM/0HOp3ELRoOGQhJFklNMy4kR2LxjT0dYLhGS
      wHtwmZhBjQKBgBWaTo/ekazb25pt2GQzDe4PmDkIovYuQ8HqoQQcWHeVQmIz5Hsq
      rn8nHnRn1MyP6soDfqms2CdQfUlfRXOrltQQqLEGDQgh5bSADFL1m0xvW4rEVdYu
      xfXEDR0QJtacZvJ4vC4lbR6OlECgHHBzOUlZH605jXoNijjm5C86YTn1AoGBAJAd
      hZug0Mhh3JxtIjPcvbthGnr7K5ayxgqV5wwn8j00NAdm97M4G9SnlrkqLQrifTan
      jvOvqmatsiiOCciOWFaydAEugn11jqb0P7p4wbLbm3tv7n8eBKnh6dsiW8A0iPzZ
      zI9iyq6sPXvveoxW5vx3eDw48qDLNnax//1z1lahAoGAJKV/eb0zpyqgqeyB6T3d
      EaI+lvVxQAKBrch+Dy8n4yFPkLA2QF0bhihkWJ4ig2B/lah7EZdGEUnr8/K4eq2Z
      e/RG2sO39sbqMYuAsjjAKpVjdZJPRzmktqJprDtZ/2aRPKcPOvtJY80YcIp39Jtw
      UCyTD8x4ARwXqOqkE2ODe/8=
      -----END PRIVATE KEY-----
      """;

  static final String LEAF_KEY_PKCS1 = """
      -----BEGIN RSA PRIVATE KEY-----
      MIIEowIBAAKCAQEAkMFqevVQWHzirKfhRFuIfT1VOMqD6aClPLT1Cre1vNlUHIV9
      5h5GmNRPCyKXxmGQypYQoFvjj4D0517eF/j3MqquitzooZR9vv6RR+qkt7BWHEVQ
      WChwy5mq32STeiEZjK2onjt+RiKIQsyghHOX6GJPvMLfNiwHJo8k4s5VXXX6NSO+
      vZXszpDQMyS0BfWgMoaSZhJdoW3croNw/GkoUXjzqDkt2DsdrWpbVpZbEZymFdc4
      gHgxxRxaAx0+oBls9vWQ4mJCw/guWgrimvf4VQI5p0iOsuA5ogFujp9Rpw5KOOEP
      hg1W+l2WjAZgwxI8/PajhQDNgnHKb8wJ2MpSIQIDAQABAoIBAAnYvk+C5GZAiILK
      IK6vs0chpuxoCjUYMmVAwfJqsLgZ6HjQM9I1eQPoXUAaqExcUqcVMihWV9JpKT+b
      2muzCc2ugpT7le931F3rnyJPOcks+46MwHxes92FpHPxuX5zRfOl1HR/A4Xtz2sL
      1FduLYUnOtlSQDDFKe9biVzMQE5NH/l0/IiJ2m5zaDVg03sLzriZT1RqURn47c/F
      r4jeIZ02fwymG5DdKyFAF2AObZ7TH66CuM5rsWZVauiHAQG4SD5MS1+tTHICUbzc
      EIQa9o/Q7AoVE+6xE3I//o5tqOetKPFoR4E2DWZhjBm58tQVW9PqZ9WhERFJf1sO
      Uf39YOECgYEAwRHYWP3so7b7pWwloqEm9t8osWBRgpLm59IFMU525z0gn2lrUUcZ
      7s9+0FteTrazKMAsBz6E4CYkuKCMTdE8spXLEHgGXDJV5OaUMjL6hT33NPSJE9DO
      RWcfNtGrivPwvVgsFonfHRHv+68LXZVxg7t4oOlMMjyvMnwcSCUpK+UCgYEAv/Ah
      l7xO9Tv/0xoWkBSRdbwbnWRLgc1KcW7XLqZiqhb68PMNPw1a1oX9bGw+Cfx2fvaq
      Mq9foeY99kMaNnryqpyglgJEPA6L5+A81zc1dTo3eTaIAbrZNdkQV0woTP9Bzqdx
      C0aDhkISRZJTTMuJEdi8Y09HWC4RksB7cJmYQY0CgYAVmk6P3pGs29uabdhkMw3u
      D5g5CKL2LkPB6qEEHFh3lUJiM+R7Kq5/Jx50Z9TMj+rKA36prNgnUH1JX0Vzq5bU
      EKixBg0IIeW0gAxS9ZtMb1uKxFXWLsX1xA0dECbWnGbyeLwuJW0ejpRAoBxwczlJ
      WR+tOY16DYo45uQvOmE59QKBgQCQHYWboNDIYdycbSIz3L27YRp6+yuWssYKlecM
      J/I9NDQHZvezOBvUp5a5Ki0K4n02p47zr6pmrbIojgnIjlhWsnQBLoJ9dY6m9D+6
      eMGy25t7b+5/HgSp4enbIlvANIj82cyPYsqurD1773qMVub8d3g8OPKgyzZ2sf/9
      c9ZWoQKBgCSlf3m9M6cqoKnsgek93RGiPpb1cUACga3Ifg8vJ+MhT5CwNkBdG4Yo
      ZFieIoNgf5WoexGXRhFJ6/PyuHqtmXv0RtrDt/bG6jGLgLI4wCqVY3WST0c5pLai
      aaw7Wf9mkTynDzr7SWPNGHCKd/SbcFAskw/MeAEcF6jqpBNjg3v/
      -----END RSA PRIVATE KEY-----
      """;

  static final String LEAF_CSR = """
      -----BEGIN CERTIFICATE REQUEST-----
      MIICfzCCAWcCAQAwOjELMAkGA1UEBhMCR0IxDzANBgNVBAoMBkVncmVzczEaMBgG
      A1UEAwwRcHJveHkuZWdyZXNzLnRlc3QwggEiMA0GCSqGSIb3DQEBAQUAA4IBDwAw
      ggEKAoIBAQCQwWp69VBYfOKsp+FEW4h9PVU4yoPpoKU8tPUKt7W82VQchX3mHkaY
      1E8LIpfGYZDKlhCgW+OPgPTnXt4X+Pcyqq6K3OihlH2+/pFH6qS3sFYcRVBYKHDL
      marfZJN6IRmMraieO35GIohCzKCEc5foYk+8wt82LAcmjyTizlVddfo1I769lezO
      kNAzJLQF9aAyhpJmEl2hbdyug3D8aShRePOoOS3YOx2taltWllsRnKYV1ziAeDHF
      HFoDHT6gGWz29ZDiYkLD+C5aCuKa9/hVAjmnSI6y4DmiAW6On1GnDko44Q+GDVb6
      XZaMBmDDEjz89qOFAM2CccpvzAnYylIhAgMBAAGgADANBgkqhkiG9w0BAQsFAAOC
      AQEAbigfLwVpbhCIlHqvfDaNVtpNOk2h0YarpYw26JrBA5Dy7tynVtwkHvXYwe4D
      ztB+42vzO0+Y1xXFwhQz3D6bO7/CNkUX0YfrHx2g2kSuw7uOJ5hkEq9i80cIJ+iN
      NACloDpodBknqcJ9ykAUmt/ErML1o1JynS6gt0atOqdSWmizVaGuiYnswap4f4sg
      tNcbDGcFTmEXSk1ECHkB/WtWStbBLwbXhpSe7QbppimXPZxEu+8mQg4YidhbD+S5
      eV1HQ/9hnv/Bfcwl5SRyE8TsAutPpNEUyDNlGH8udhCm/6BqjufsM3uO5Ulo0h2z
      bH+qK8u07B6N90ZK8YRDxPPgog==
      -----END CERTIFICATE REQUEST-----
      """;
}
