using System.Text.Json;
using GroundStation.Orbits.Elements;
using GroundStation.Orbits.Propagation;

namespace GroundStation.Orbits.Tests.Elements;

public class OmmJsonReaderTests
{
    // CelesTrak's GP JSON form of the ISS TLE in TleText (numbers as JSON numbers).
    private const string IssCelesTrak = """
        [{
            "OBJECT_NAME": "ISS (ZARYA)",
            "OBJECT_ID": "1998-067A",
            "EPOCH": "2014-01-20T22:23:04.000416",
            "MEAN_MOTION": 15.4981535,
            "ECCENTRICITY": 0.0003572,
            "INCLINATION": 51.6498,
            "RA_OF_ASC_NODE": 109.4756,
            "ARG_OF_PERICENTER": 55.9686,
            "MEAN_ANOMALY": 274.8005,
            "EPHEMERIS_TYPE": 0,
            "CLASSIFICATION_TYPE": "U",
            "NORAD_CAT_ID": 25544,
            "ELEMENT_SET_NO": 508,
            "REV_AT_EPOCH": 86847,
            "BSTAR": 0.000182,
            "MEAN_MOTION_DOT": 9.878e-5,
            "MEAN_MOTION_DDOT": 0
        }]
        """;

    [Fact]
    public void Reads_the_celestrak_form_into_the_same_elements_as_the_tle()
    {
        var result = OmmJsonReader.Read(IssCelesTrak);

        Assert.Empty(result.Errors);
        var omm = Assert.Single(result.Entries);
        var tle = TleParser.Parse(TleText.IssLine1, TleText.IssLine2, "ISS (ZARYA)").Elements;
        Assert.Equal(tle with { Epoch = omm.Epoch }, omm);
        Assert.Equal(0, omm.Epoch.DaysSince(tle.Epoch) * 86400.0, 5);
        Assert.Equal(TleWriter.Format(tle), TleWriter.Format(omm));

        var a = Sgp4Propagator.Create(omm).Propagate(tle.Epoch.AddMinutes(90)).State.PositionKm;
        var b = Sgp4Propagator.Create(tle).Propagate(tle.Epoch.AddMinutes(90)).State.PositionKm;
        Assert.True((a - b).Magnitude < 1e-6, $"OMM and TLE differ by {(a - b).Magnitude} km");
    }

    [Fact]
    public void Reads_a_single_object_with_numbers_as_strings_space_track_style()
    {
        const string json = """
            {"OBJECT_NAME":"VANGUARD 1","OBJECT_ID":"1958-002B","NORAD_CAT_ID":"5","EPOCH":"2000-06-27T18:50:19.733568",
             "MEAN_MOTION":"10.82419157","ECCENTRICITY":"0.1859667","INCLINATION":"34.2682","RA_OF_ASC_NODE":"348.7242",
             "ARG_OF_PERICENTER":"331.7664","MEAN_ANOMALY":"19.3264","BSTAR":"0.000028098","MEAN_MOTION_DOT":"0.00000023",
             "MEAN_MOTION_DDOT":"0","CLASSIFICATION_TYPE":"U","ELEMENT_SET_NO":"475","REV_AT_EPOCH":"41366"}
            """;

        var result = OmmJsonReader.Read(json);

        Assert.Empty(result.Errors);
        var (line1, line2) = TleWriter.Format(Assert.Single(result.Entries));
        Assert.Equal(TleText.VanguardLine1, line1);
        Assert.Equal(TleText.VanguardLine2, line2);
    }

    [Fact]
    public void Reports_bad_entries_with_the_line_they_start_on_and_keeps_the_good_ones()
    {
        const string json = """
            [
              {"OBJECT_NAME":"NO EPOCH","NORAD_CAT_ID":1,"MEAN_MOTION":1,"ECCENTRICITY":0,"INCLINATION":0,
               "RA_OF_ASC_NODE":0,"ARG_OF_PERICENTER":0,"MEAN_ANOMALY":0,"BSTAR":0,"MEAN_MOTION_DOT":0,"MEAN_MOTION_DDOT":0},
              {"OBJECT_NAME":"GOOD","NORAD_CAT_ID":2,"EPOCH":"2024-01-01T00:00:00","MEAN_MOTION":1.0027,"ECCENTRICITY":0.0001,
               "INCLINATION":0.1,"RA_OF_ASC_NODE":10,"ARG_OF_PERICENTER":20,"MEAN_ANOMALY":30,"BSTAR":0,"MEAN_MOTION_DOT":0,
               "MEAN_MOTION_DDOT":0},
              {"OBJECT_NAME":"BAD ECC","NORAD_CAT_ID":3,"EPOCH":"2024-01-01T00:00:00","MEAN_MOTION":1,"ECCENTRICITY":1.5,
               "INCLINATION":0,"RA_OF_ASC_NODE":0,"ARG_OF_PERICENTER":0,"MEAN_ANOMALY":0,"BSTAR":0,"MEAN_MOTION_DOT":0,
               "MEAN_MOTION_DDOT":0},
              {"OBJECT_NAME":"TEXT NUMBER","NORAD_CAT_ID":4,"EPOCH":"2024-01-01T00:00:00","MEAN_MOTION":"fast",
               "ECCENTRICITY":0,"INCLINATION":0,"RA_OF_ASC_NODE":0,"ARG_OF_PERICENTER":0,"MEAN_ANOMALY":0,"BSTAR":0,
               "MEAN_MOTION_DOT":0,"MEAN_MOTION_DDOT":0},
              {"OBJECT_NAME":"BAD ID","NORAD_CAT_ID":1.5,"EPOCH":"2024-13-01T00:00:00"},
              {"OBJECT_NAME":"BAD EPOCH","NORAD_CAT_ID":6,"EPOCH":"2024-13-01T00:00:00"},
              42
            ]
            """;

        var result = OmmJsonReader.Read(json);

        Assert.Equal("GOOD", Assert.Single(result.Entries).Name);
        Assert.Equal(
            [
                "line 2: OMM entry 1 (NO EPOCH): EPOCH is missing (an ISO-8601 UTC time such as 2024-01-01T12:00:00.000000)",
                "line 7: OMM entry 3 (BAD ECC): Eccentricity must be in [0, 1); got 1.5.",
                "line 10: OMM entry 4 (TEXT NUMBER): MEAN_MOTION must be a number (or a string holding one), found \"fast\"",
                "line 13: OMM entry 5 (BAD ID): NORAD_CAT_ID must be a whole number from 1 to 339999",
                "line 14: OMM entry 6 (BAD EPOCH): EPOCH must be an ISO-8601 UTC time such as 2024-01-01T12:00:00.000000, found '2024-13-01T00:00:00'",
                "line 15: OMM entry 7: expected an object, found Number",
            ],
            result.Errors.Select(e => e.ToString()));
    }

    [Fact]
    public void Input_that_is_not_json_is_an_error_for_the_whole_input()
    {
        Assert.ThrowsAny<JsonException>(() => OmmJsonReader.Read("[{\"OBJECT_NAME\": "));
        Assert.ThrowsAny<JsonException>(() => OmmJsonReader.Read("\"just a string\""));
    }
}
